package dev.crossover.cli;

import dev.crossover.run.BenchmarkInfo;
import dev.crossover.run.Sizing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RunCommandTest {

    @TempDir
    Path results;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static final List<BenchmarkInfo> CATALOG = List.of(
            BenchmarkInfo.of("dev.crossover.bench.CpuBoundBench", "poolSweep", Mode.Throughput,
                    ordered("poolSize", List.of("1", "cores"), "executor", List.of("THREADS", "PROCESS_PIPE")), List.of("C4", "X1")),
            BenchmarkInfo.of("dev.crossover.bench.RoundTripBench", "pipeFramed", Mode.AverageTime, Map.of(), List.of("C6")));

    static Map<String, List<String>> ordered(String k1, List<String> v1, String k2, List<String> v2) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList());
    }

    /** Runs {@code crossover run ARGS} on the small catalog, capturing what it prints. */
    int run(String... args) {
        RunCommand cmd = new RunCommand();
        cmd.catalog = () -> CATALOG;
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

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownPresetListsThePresets() {
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "fast"));
        assertTrue(err().contains("unknown preset 'fast'; accepted: smoke, quick, full"), err());
    }

    @Test
    void unknownClaimListsTheClaims() {
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "smoke", "--claims", "X3,Z9"));
        assertTrue(err().contains("unknown claim 'Z9'") && err().contains("X1,X2,X3,X4,X5,X6"), err());
    }

    @Test
    void includeMatchingNothingListsTheBenchmarks() {
        assertEquals(ExitCodes.BAD_INPUT, run("--include", "Spawn.*"));
        assertTrue(err().contains("matches no benchmark") && err().contains("CpuBoundBench.poolSweep")
                && err().contains("RoundTripBench.pipeFramed"), err());
    }

    @Test
    void unknownKernelAndBadJmhOptionsAreBadInput() {
        assertEquals(ExitCodes.BAD_INPUT, run("--kernel", "noSuchKernel"));
        assertTrue(err().contains("unknown kernel 'noSuchKernel'") && err().contains("cpu"), err());
        assertEquals(ExitCodes.BAD_INPUT, run("--jmh", "-f many"));
        assertTrue(err().contains("not accepted by JMH"), err());
    }

    @Test
    void jmhProfilersAndParamsAreCheckedBeforeAnythingRunsEvenInADryRun() {
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "smoke", "--jmh", "-p nosuchparam=3", "--dry-run"));
        assertTrue(err().contains("\"-p nosuchparam=…\": no benchmark the plan selects has a @Param 'nosuchparam'. "
                + "Their params: executor, poolSize"), err());
        err.reset();
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "smoke", "--jmh", "-p poolSize=abc", "--dry-run"));
        assertTrue(err().contains("\"-p poolSize=abc\": CpuBoundBench.poolSweep.poolSize is a pool size; 'abc' is not one of the forms")
                && err().contains("2*cores"), err());
        err.reset();
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "smoke", "--jmh", "-prof nosuchprofiler", "--dry-run"));
        assertTrue(err().contains("\"-prof nosuchprofiler\": JMH has no profiler of that name") && err().contains("gc, jfr"), err());
        err.reset();
        assertEquals(ExitCodes.OK, run("--preset", "smoke", "--jmh", "-prof gc -p poolSize=2*cores", "--dry-run"), err());
        assertFalse(err().contains("ignoring"), err());
    }

    @Test
    void aMissingBaselineIsBadInputBeforeTheRunStarts() {
        Path missing = results.resolve("no-such-baseline");
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "smoke", "--baseline", missing.toString()));
        assertTrue(err().contains("--baseline " + missing + ": no such run directory or JMH file"), err());
        assertFalse(Files.exists(results.resolve("runs")), "nothing ran");
    }

    @Test
    void jvmMustBeAnInstalledJdk25OrNewer() {
        assertEquals(ExitCodes.BAD_INPUT, run("--jvm", results.resolve("no-jdk").toString()));
        assertTrue(err().contains("no executable"), err());
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        assumeTrue(Files.isExecutable(jdk17.resolve("bin/java")), "needs a JDK 17 to test the version check");
        assertEquals(ExitCodes.BAD_INPUT, run("--jvm", jdk17.toString()));
        assertTrue(err().contains("need JDK 25 or newer"), err());
    }

    @Test
    void dryRunPrintsThePlanWithResolvedSizesAndTheEstimate() {
        assertEquals(ExitCodes.OK, run("--preset", "quick", "--claims", "X1", "--include=", "--jmh=", "--jvm=", "--dry-run"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("CpuBoundBench {poolSize=[1, 2], executor=[THREADS, PROCESS_PIPE]}: 4 config(s)"), o);
        assertTrue(o.contains("1 groups, 4 configurations, estimated"), o);
        assertFalse(o.contains("RoundTripBench"), o);
        assertFalse(Files.exists(results.resolve("runs")), "a dry run writes nothing");
    }

    @Test
    void refineFalseAsMavenPassesItTurnsRefinementOffAndABadValueIsRefused() {
        assertEquals(ExitCodes.OK, run("--preset", "quick", "--claims", "X1", "--refine=false", "--dry-run"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("adaptive refinement: off"), o);
        assertEquals(ExitCodes.BAD_INPUT, run("--preset", "quick", "--refine=maybe", "--dry-run"));
        assertTrue(err().contains("--refine") && err().contains("maybe"), err());
    }
}
