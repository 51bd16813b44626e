package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover report}: not built yet. */
@Command(name = "report", description = "(not built yet)")
public final class ReportCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover report: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
