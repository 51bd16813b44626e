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

class RunDirectoryTest {

    @TempDir
    Path results;

    @Test
    void eachRunGetsItsOwnTimestampedDirectoryAndLatestFollows() throws IOException {
        LocalDateTime t = LocalDateTime.of(2026, 11, 27, 3, 4, 5);
        Path a = RunDirectory.create(results, t);
        Path b = RunDirectory.create(results, t);
        assertEquals(results.resolve("runs/20261127-030405"), a);
        assertNotEquals(a, b);
        assertNull(RunDirectory.resolveLatest(results));
        RunDirectory.pointLatest(results, a);
        assertEquals(a.toRealPath(), RunDirectory.resolveLatest(results));
        RunDirectory.pointLatest(results, b);
        assertEquals(b.toRealPath(), RunDirectory.resolveLatest(results));
    }

    @Test
    void latestAsAFileHoldingThePathIsUnderstoodToo() throws IOException {
        Path a = RunDirectory.create(results, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Files.writeString(results.resolve("latest"), a.toAbsolutePath() + "\n");
        assertEquals(a.toAbsolutePath(), RunDirectory.resolveLatest(results));
    }
}
