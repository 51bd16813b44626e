package dev.crossover.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#execute} with stdout and stderr captured. */
record CliCapture(int status, String out, String err) {

    /**
     * Runs on a command line made once ({@link Main#commandLine()}), its output captured through picocli's
     * writers only: for commands that write through their {@code CommandSpec} (report, compare, advise).
     */
    static CliCapture run(picocli.CommandLine cl, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int status = cl.execute(args);
        return new CliCapture(status, out.toString(), err.toString());
    }

    static CliCapture run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            System.out.flush();
            System.err.flush();
            return new CliCapture(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
