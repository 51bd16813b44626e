package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover compare}: not built yet. */
@Command(name = "compare", description = "(not built yet)")
public final class CompareCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover compare: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
