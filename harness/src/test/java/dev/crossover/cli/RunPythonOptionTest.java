package dev.crossover.cli;

import dev.crossover.run.Sizing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crossover run --python}: a bad interpreter stops the run with exit 2 before anything runs; none is a plan line. */
class RunPythonOptionTest {

    @TempDir
    Path results;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        RunCommand cmd = new RunCommand();
        cmd.catalog = () -> RunCommandTest.CATALOG;
        cmd.sizing = () -> Sizing.ofCores(2);
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "--results=" + results;
            System.arraycopy(args, 0, all, 1, args.length);
            return new CommandLine(cmd).execute(all);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void aPythonPathThatDoesNotExistIsBadInputNamingIt() {
        Path bad = results.resolve("python9");
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "smoke", "--python", bad.toString(), "--dry-run"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("--python " + bad) && e.contains("CPython 3.10 or newer"), e);
    }

    @Test
    void pythonNoneSaysNotMeasuredInThePlan() {
        assertEquals(ExitCodes.OK, run("--preset", "smoke", "--python", "none", "--dry-run"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("CPython: not measured: --python none"), o);
    }
}
