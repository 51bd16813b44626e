package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover run}: not built yet. */
@Command(name = "run", description = "(not built yet)")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover run: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
