package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover advise}: not built yet. */
@Command(name = "advise", description = "(not built yet)")
public final class AdviseCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover advise: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
