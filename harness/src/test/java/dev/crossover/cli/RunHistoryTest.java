package dev.crossover.cli;

import dev.crossover.run.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each quick or full run adds a line to the machine's history; from the second on, trends are drawn. */
class RunHistoryTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/run-real-smoke");

    @TempDir
    Path results;

    private Path copyRun(String name) throws IOException {
        Path run = results.resolve("runs").resolve(name);
        Files.createDirectories(run);
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        return run;
    }

    private static Path historyFile(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results.resolve("history"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }

    @Test
    void secondRunAppendsAndDrawsTrendCharts() throws IOException {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes);

        List<Path> first = RunCommand.recordHistory(copyRun("20260101-000000"), Preset.QUICK, out, err);
        assertTrue(first.isEmpty(), "one run is no trend");
        assertEquals(1, Files.readAllLines(historyFile(results)).size());

        Path second = copyRun("20260102-000000");
        List<Path> charts = RunCommand.recordHistory(second, Preset.QUICK, out, err);
        assertEquals(2, Files.readAllLines(historyFile(results)).size());
        assertFalse(charts.isEmpty());
        for (Path c : charts) {
            assertTrue(Files.size(c) > 0, c.toString());
        }
        String index = Files.readString(second.resolve("trends.md"));
        assertTrue(index.contains("](trends/" + charts.getFirst().getFileName() + ")"), index);
        assertEquals("", errBytes.toString());
    }

    @Test
    void smokeRunsAreNotRecorded() throws IOException {
        Path run = copyRun("20260103-000000");
        assertTrue(RunCommand.recordHistory(run, Preset.SMOKE, System.out, System.err).isEmpty());
        assertFalse(Files.exists(results.resolve("history")));
    }
}
