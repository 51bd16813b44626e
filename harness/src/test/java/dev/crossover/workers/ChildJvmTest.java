package dev.crossover.workers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.crossover.ipc.ShmFile;
import java.nio.file.Files;
import java.nio.file.Path;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a separate JVM can show: halt inside a thread pool, and a parent killed with SIGKILL. */
class ChildJvmTest {

    @AfterAll
    static void nothingLeft() throws InterruptedException {
        Children.assertNoDescendants();
    }

    @Test
    void haltInAThreadPoolEndsTheWholeJvmAndEveryOtherTask() throws Exception {
        Process child = Children.startJava(HaltInThreadPoolMain.class);
        try {
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(9, child.exitValue(), "the JVM exits with halt's code; output: " + out);
            assertTrue(out.contains("submitted"), out);
            assertFalse(out.contains("task finished"), "no other task of the pool survives halt: " + out);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void workersExitSoonAfterTheirParentIsKilled(Executor executor) throws Exception {
        Process parent = Children.startJava(PoolHolderMain.class, executor.name());
        List<Long> pids = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertNotNull(line, "pool holder printed its workers' pids");
            for (String p : line.substring("pids ".length()).split(" ")) {
                pids.add(Long.parseLong(p));
            }
            assertEquals(2, pids.size(), line);
            for (long pid : pids) {
                assertTrue(Children.running(pid), "worker " + pid + " runs before the kill");
            }
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
        }
        // The bound is one second; allow two on a loaded machine.
        assertTrue(Children.awaitGone(pids, 2000), "workers " + pids + " outlived their killed parent");
        // A SIGKILLed parent cannot delete its rings; the next start's sweep does, judged by pid and start time.
        ShmFile.sweepStale();
        try (var files = Files.list(ShmFile.directory())) {
            List<Path> left = files.filter(f -> f.getFileName().toString().contains("-" + parent.pid() + "-")).toList();
            assertEquals(List.of(), left, "mapped files of the killed parent survived the sweep");
        }
    }
}
