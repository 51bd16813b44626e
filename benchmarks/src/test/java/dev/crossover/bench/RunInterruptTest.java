package dev.crossover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossover.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code crossover run} of two small groups (CpuUnitBench, then SpawnBench), stopped by SIGINT
 * inside the second group and again between the groups: it exits 130, says what it was doing, leaves no
 * child process and no half-written result file, marks {@code metadata.json} interrupted with its end
 * time, points {@code results/latest} at the run, and {@code crossover report} reads the group that
 * finished with "INCOMPLETE RUN" at the top, naming the missing group.
 */
class RunInterruptTest {

    private static final Duration GROUP_WAIT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endEverythingStarted() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void sigintInsideAGroupStopsTheForkMarksTheRunAndReportReadsWhatFinished() throws Exception {
        Path results = tmp.resolve("within");
        Process run = start(results);
        Path runDir = awaitRunDir(results, run);
        await(() -> Files.isRegularFile(runDir.resolve("jmh-CpuUnitBench.json")), run, "the first group's results");
        await(() -> run.descendants().anyMatch(p -> p.info().commandLine().orElse("").contains("ForkedMain")), run,
                "the second group's JMH fork");
        List<ProcessHandle> children = run.descendants().toList();
        signal(run, "INT");
        assertTrue(run.waitFor(2, TimeUnit.MINUTES), "the run ends after SIGINT");
        String out = output(results);
        assertEquals(130, run.exitValue(), out);
        assertTrue(out.contains("crossover run: SIGINT during group 2/2 (SpawnBench); stopping the JMH fork"), out);
        assertTrue(out.contains("1 of 2 groups finished, missing: SpawnBench"), out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no child outlives the run: "
                + children.stream().filter(ProcessHandle::isAlive).map(c -> c.pid() + " " + c.info().commandLine().orElse("")).toList());
        assertMarkedInterrupted(runDir, results);
        assertTrue(metadata(runDir).path("interrupted").path("during").asText().startsWith("group 2/2"), out);
        assertReportSaysIncomplete(runDir);
    }

    @Test
    void sigintBetweenGroupsLeavesTheFinishedGroupReadable() throws Exception {
        Path results = tmp.resolve("between");
        Process run = start(results);
        Path runDir = awaitRunDir(results, run);
        await(() -> Files.isRegularFile(runDir.resolve("jmh-CpuUnitBench.json")), run, "the first group's results");
        signal(run, "INT");
        assertTrue(run.waitFor(2, TimeUnit.MINUTES), "the run ends after SIGINT");
        String out = output(results);
        assertEquals(130, run.exitValue(), out);
        String during = metadata(runDir).path("interrupted").path("during").asText();
        // the signal lands after the first group's file is renamed into place: while its processes and files are
        // checked, in the pause between the groups, or while the second starts its JMH fork
        assertTrue(during.equals("the cleanup after group 1/2 (CpuUnitBench)") || during.equals("the pause between groups (1 of 2 done)")
                || during.startsWith("group 2/2"), during);
        assertTrue(out.contains("crossover run: SIGINT during " + during), out);
        assertMarkedInterrupted(runDir, results);
        assertReportSaysIncomplete(runDir);
    }

    private void assertMarkedInterrupted(Path runDir, Path results) throws IOException {
        JsonNode meta = metadata(runDir);
        assertEquals("SIGINT", meta.path("interrupted").path("signal").asText(), meta.toString());
        assertFalse(meta.path("endTime").isNull() || meta.path("endTime").isMissingNode(), "end time recorded: " + meta);
        assertEquals(List.of("CpuUnitBench"), strings(meta.path("interrupted").path("groupsFinished")));
        assertEquals(List.of("SpawnBench"), strings(meta.path("interrupted").path("groupsMissing")));
        try (Stream<Path> s = Files.list(runDir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.contains("jmh-SpawnBench.json"), "no result file of the stopped group: " + names);
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".part") || n.endsWith(".tmp")), "no half-written file: " + names);
        }
        assertEquals(runDir.toRealPath(), results.resolve("latest").toRealPath(), "results/latest points at the run");
    }

    private static void assertReportSaysIncomplete(Path runDir) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            status = Main.execute("report", runDir.toString());
        } finally {
            System.setOut(old);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.startsWith("INCOMPLETE RUN: This run was interrupted (SIGINT during "), out);
        assertTrue(out.contains("1 of 2 planned groups have results, missing: SpawnBench"), out);
        String md = Files.readString(runDir.resolve("report.md"));
        assertTrue(md.indexOf("\n**Incomplete run.** This run was interrupted") > 0
                && md.indexOf("**Incomplete run.**") < md.indexOf("**Machine:**"), md);
    }

    private Process start(Path results) throws IOException {
        Files.createDirectories(results);
        String java = ProcessHandle.current().info().command().orElse("java");
        // its own temporary directory, so its own JMH lock: this run's numbers do not matter, and a JMH run of
        // another build on the machine must not hold the test up for half an hour
        Path runTmp = Files.createDirectories(results.resolve("tmp"));
        List<String> cmd = new ArrayList<>();
        if (sigintIgnored()) {
            // started in the background of a non-interactive shell (nohup, "&"): SIGINT is ignored, children inherit
            // that, and a JVM that finds it ignored keeps it so; give the run SIGINT's default back
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + runTmp, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--preset", "smoke", "--include", "^(CpuUnitBench|SpawnBench)\\.",
                "--no-refine", "--baseline", "none", "--results", results.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(results.resolve("out.txt").toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Whether this JVM's process ignores SIGINT ({@code SigIgn} in {@code /proc/self/status}, bit 1 for signal 2). */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static Path awaitRunDir(Path results, Process run) throws Exception {
        Path[] found = new Path[1];
        await(() -> {
            try (Stream<Path> s = Files.list(results.resolve("runs"))) {
                found[0] = s.findFirst().orElse(null);
                return found[0] != null && Files.isRegularFile(found[0].resolve("plan.json"));
            } catch (IOException e) {
                return false;
            }
        }, run, "the run directory");
        assertNotNull(found[0]);
        return found[0];
    }

    private static void await(BooleanSupplier condition, Process run, String what) throws Exception {
        long deadline = System.nanoTime() + GROUP_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(run.isAlive(), "the run ended before " + what);
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + GROUP_WAIT);
            Thread.sleep(20);
        }
    }

    private static void signal(Process p, String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor());
    }

    private static String output(Path results) throws IOException {
        return Files.readString(results.resolve("out.txt"));
    }

    private static JsonNode metadata(Path runDir) throws IOException {
        return JSON.readTree(runDir.resolve("metadata.json").toFile());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
