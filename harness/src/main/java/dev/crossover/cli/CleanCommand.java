package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover clean}: not built yet. */
@Command(name = "clean", description = "(not built yet)")
public final class CleanCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover clean: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
