package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover ab}: not built yet. */
@Command(name = "ab", description = "(not built yet)")
public final class AbCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover ab: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
