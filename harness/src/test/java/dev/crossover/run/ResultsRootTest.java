package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsRootTest {

    @TempDir
    Path results;

    @Test
    void eachRunGetsItsOwnTimestampedDirectoryAndLatestFollows() throws IOException {
        LocalDateTime t = LocalDateTime.of(2026, 11, 27, 3, 4, 5);
        Path a = ResultsRoot.newRun(results, t);
        Path b = ResultsRoot.newRun(results, t);
        assertEquals(results.resolve("runs/20261127-030405"), a);
        assertNotEquals(a, b);
        assertNull(ResultsRoot.resolveLatest(results));
        ResultsRoot.pointLatest(results, a);
        assertEquals(a.toRealPath(), ResultsRoot.resolveLatest(results));
        ResultsRoot.pointLatest(results, b);
        assertEquals(b.toRealPath(), ResultsRoot.resolveLatest(results));
    }

    @Test
    void twoRunsEndingTogetherLeaveLatestPointingAtOneOfThemAndNothingBehind() throws Exception {
        Path a = ResultsRoot.newRun(results, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Path b = ResultsRoot.newRun(results, LocalDateTime.of(2026, 1, 2, 3, 4, 6));
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 300; round++) {
                var fa = pool.submit(() -> {
                    barrier.await();
                    return ResultsRoot.pointLatest(results, a);
                });
                var fb = pool.submit(() -> {
                    barrier.await();
                    return ResultsRoot.pointLatest(results, b);
                });
                fa.get();
                fb.get();
                Path now = ResultsRoot.resolveLatest(results);
                assertTrue(now.equals(a.toRealPath()) || now.equals(b.toRealPath()), "round " + round + ": " + now);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var s = Files.list(results)) {
            assertEquals(java.util.List.of("latest", "runs"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary link left");
        }
    }

    @Test
    void aRealDirectoryNamedLatestIsNeverReplaced() throws IOException {
        Path a = ResultsRoot.newRun(results, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Files.createDirectory(results.resolve("latest"));
        IOException e = assertThrows(IOException.class, () -> ResultsRoot.pointLatest(results, a));
        assertTrue(e.getMessage().contains("is a directory, not a link"), e.getMessage());
    }

    @Test
    void latestAsAFileHoldingThePathIsUnderstoodToo() throws IOException {
        Path a = ResultsRoot.newRun(results, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Files.writeString(results.resolve("latest"), a.toAbsolutePath() + "\n");
        assertEquals(a.toAbsolutePath(), ResultsRoot.resolveLatest(results));
    }

    @Test
    void latestStaysTrueWhenResultsIsMovedElsewhere() throws IOException {
        Path original = Files.createDirectories(results.resolve("original"));
        Path a = ResultsRoot.newRun(original, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        ResultsRoot.pointLatest(original, a);
        // a link is relative: the moved folder's latest names the moved run
        Path moved = results.resolve("moved");
        Files.move(original, moved);
        assertEquals(moved.resolve("runs").resolve(a.getFileName()).toRealPath(), ResultsRoot.resolveLatest(moved));
        // the fallback file holds the path relative to results/ too
        Files.delete(moved.resolve("latest"));
        Files.writeString(moved.resolve("latest"), "runs/" + a.getFileName() + "\n");
        assertEquals(moved.resolve("runs").resolve(a.getFileName()).toRealPath(), ResultsRoot.resolveLatest(moved).toRealPath());
    }
}
