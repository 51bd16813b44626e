package dev.crossover.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeftoversTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList());
    }

    @Test
    void descendantsAreEndedAndDescribed() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        List<String> killed = Leftovers.killDescendants(Duration.ofSeconds(2));
        assertEquals(1, killed.size(), killed.toString());
        assertTrue(killed.get(0).startsWith("pid " + p.pid() + ": ") && killed.get(0).contains("sleep"), killed.get(0));
        assertFalse(p.isAlive());
    }

    @Test
    void orphansOfDescendantsAreAdoptedAndEnded() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Leftovers.adoptOrphans(), "needs Linux prctl(PR_SET_CHILD_SUBREAPER)");
        // A shell that starts a sleep in the background and exits at once: the sleep is an orphan,
        // as a child JVM left behind by a finished JMH fork would be.
        Process sh = new ProcessBuilder("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!").start();
        long orphan = Long.parseLong(new String(sh.getInputStream().readAllBytes()).trim());
        sh.waitFor();
        assertTrue(ProcessHandle.current().descendants().anyMatch(p -> p.pid() == orphan), "the orphan is ours now");
        List<String> killed = Leftovers.killDescendants(Duration.ofSeconds(2));
        assertTrue(killed.stream().anyMatch(k -> k.startsWith("pid " + orphan + ": ")), killed.toString());
        assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "ended and reaped");
    }

    @Test
    void anEndedOrphanIsReapedNamedAndBlamedOnPerfOnlyWhenPerfWrapsTheForks() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Leftovers.adoptOrphans(), "needs Linux prctl(PR_SET_CHILD_SUBREAPER)");
        for (boolean perf : new boolean[] {false, true}) {
            // An orphan that ends at once and that no one reaps, as perf leaves its workload: a zombie of ours.
            Process sh = new ProcessBuilder("sh", "-c", "/bin/true & echo $!").start();
            long zombie = Long.parseLong(new String(sh.getInputStream().readAllBytes()).trim());
            sh.waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Leftovers.hasEnded(zombie) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Leftovers.hasEnded(zombie), "the orphan ended and waits to be reaped");
            Process running = new ProcessBuilder("sleep", "60").start();

            Leftovers.Found found = Leftovers.endAll(ProcessHandle.current().descendants().toList(), perf, Duration.ofSeconds(2));

            assertEquals(List.of("pid " + zombie + ": [true] (ended)"), perf ? found.endedByPerf() : found.endedLeftBehind());
            assertEquals(List.of(), perf ? found.endedLeftBehind() : found.endedByPerf());
            assertEquals(1, found.running().size(), found.toString());
            assertTrue(found.running().get(0).startsWith("pid " + running.pid() + ": ") && found.running().get(0).contains("sleep"));
            assertTrue(found.leftBehind(), "a running process is always the benchmark's");
            assertFalse(running.isAlive());
            assertFalse(Files.exists(Path.of("/proc", Long.toString(zombie))), "the zombie was reaped");
        }
    }

    @Test
    void onlyPerfProfilersWrapTheForks() {
        for (String p : List.of("perf", "perfnorm", "perfasm", "perfc2c", "org.openjdk.jmh.profile.LinuxPerfNormProfiler")) {
            assertTrue(Leftovers.perfWrapsForks(List.of("gc", p)), p);
        }
        assertFalse(Leftovers.perfWrapsForks(List.of("gc", "stack", "dev.crossover.profile.CostProfiler", "jfr")));
        assertFalse(Leftovers.perfWrapsForks(List.of()));
    }

    @Test
    void onlyOldCrossoverFilesNobodyHoldsAreStale() throws IOException {
        Path old = Files.writeString(dir.resolve("crossover-ring-1"), "x");
        Path held = Files.writeString(dir.resolve("crossover-ring-2"), "x");
        Path young = Files.writeString(dir.resolve("crossover-ring-3"), "x");
        Files.writeString(dir.resolve("other-file"), "x");
        FileTime past = FileTime.from(Instant.now().minusSeconds(60));
        Files.setLastModifiedTime(old, past);
        Files.setLastModifiedTime(held, past);
        Set<Path> found = Leftovers.files(List.of(dir));
        assertEquals(Set.of(old.toAbsolutePath(), held.toAbsolutePath(), young.toAbsolutePath()), found);
        try (RandomAccessFile open = new RandomAccessFile(held.toFile(), "r")) {
            List<Path> stale = Leftovers.staleFiles(found, Duration.ofSeconds(10));
            assertEquals(List.of(old.toAbsolutePath()), stale);
            assertEquals(stale, Leftovers.delete(stale));
        }
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(held));
    }
}
