package dev.crossover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code crossover} command line: the harness without Maven, on the built jars. */
@Command(name = "crossover", mixinStandardHelpOptions = true, version = "crossover 0.1",
        description = "Processes, platform threads or virtual threads? Measures, compares and reports on this machine.",
        subcommands = {RunCommand.class, ReportCommand.class, AdviseCommand.class, CompareCommand.class,
                AbCommand.class, EnvCommand.class, CleanCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit status; bad arguments give {@link ExitCodes#BAD_INPUT}. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("crossover: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }
}
