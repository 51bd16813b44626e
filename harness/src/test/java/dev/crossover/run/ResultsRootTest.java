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
    void latestAsAFileHoldingThePathIsUnderstoodToo() throws IOException {
        Path a = ResultsRoot.newRun(results, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Files.writeString(results.resolve("latest"), a.toAbsolutePath() + "\n");
        assertEquals(a.toAbsolutePath(), ResultsRoot.resolveLatest(results));
    }
}
