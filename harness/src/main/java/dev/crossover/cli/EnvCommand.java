package dev.crossover.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code crossover env}: not built yet. */
@Command(name = "env", description = "(not built yet)")
public final class EnvCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("crossover env: not built yet");
        return ExitCodes.BAD_INPUT;
    }
}
