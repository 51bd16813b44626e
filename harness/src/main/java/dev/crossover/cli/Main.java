package dev.crossover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code crossover} command line: the harness without Maven, on the built jars. */
@Command(name = "crossover", mixinStandardHelpOptions = true, version = "crossover 0.1",
        description = "Processes, platform threads or virtual threads? Measures, compares and reports on this machine.",
        subcommands = {RunCommand.class, ReportCommand.class, AdviseCommand.class, CompareCommand.class,
                AbCommand.class, EnvCommand.class, CleanCommand.class, FleetCommand.class, TrendsCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit status; bad arguments give {@link ExitCodes#BAD_INPUT}. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line with its exit statuses: bad arguments {@link ExitCodes#BAD_INPUT}, an uncaught
     * exception {@link ExitCodes#INTERNAL_ERROR}. One instance may execute many times (picocli resets the
     * options before each parse).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("crossover: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.BAD_INPUT;
        });
        // A command that throws has a bug: say so with the trace, and never exit 1, which means "regression".
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("crossover " + c.getCommandName() + ": internal error (a bug, not your input): " + ex);
            ex.printStackTrace(c.getErr());
            c.getErr().flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }
}
