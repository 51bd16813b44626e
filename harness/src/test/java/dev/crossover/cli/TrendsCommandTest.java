package dev.crossover.cli;

import dev.crossover.run.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crossover trends} draws a stored history's charts without a run, and names bad input. */
class TrendsCommandTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/run-real-smoke");

    @TempDir
    Path results;

    /** A history of two runs, written the way a run writes it. */
    private Path history() throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        for (String name : List.of("20260101-000000", "20260102-000000")) {
            Path run = results.resolve("runs").resolve(name);
            Files.createDirectories(run);
            try (Stream<Path> files = Files.list(FIXTURE)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Files.copy(f, run.resolve(f.getFileName()));
                }
            }
            RunCommand.recordHistory(run, Preset.QUICK, quiet, quiet);
        }
        try (Stream<Path> files = Files.list(results.resolve("history"))) {
            return files.findFirst().orElseThrow();
        }
    }

    @Test
    void drawsEveryKeyOrThoseIncludedWithAnIndex() throws IOException {
        Path h = history();
        Path all = results.resolve("all");
        CliCapture c = CliCapture.run(Main.commandLine(), "trends", h.toString(), "-o", all.toString());
        assertEquals(ExitCodes.OK, c.status(), c.err());
        List<Path> pngs;
        try (Stream<Path> files = Files.list(all)) {
            pngs = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        assertTrue(pngs.size() > 1, pngs.toString());
        BufferedImage img = ImageIO.read(pngs.getFirst().toFile());
        assertNotNull(img);
        assertEquals(800, img.getWidth());
        String index = Files.readString(all.resolve("trends.md"));
        assertTrue(index.contains("2 runs from " + h), index);
        assertTrue(index.contains("](" + pngs.getFirst().getFileName() + ")"), index);
        assertTrue(c.out().contains(pngs.size() + " charts over 2 run(s)"), c.out());

        Path some = results.resolve("some");
        String key = pngs.getFirst().getFileName().toString();
        CliCapture one = CliCapture.run(Main.commandLine(), "trends", h.toString(), "-o", some.toString(), "--include", "CpuBound");
        assertEquals(ExitCodes.OK, one.status(), one.err());
        try (Stream<Path> files = Files.list(some)) {
            List<Path> drawn = files.filter(f -> f.toString().endsWith(".png")).toList();
            assertTrue(!drawn.isEmpty() && drawn.size() < pngs.size(), drawn + " of " + pngs.size() + ", first " + key);
            drawn.forEach(f -> assertTrue(f.getFileName().toString().contains("CpuBound"), f.toString()));
        }
    }

    @Test
    void badInputNamesTheFileOrPatternAndTheFix() throws IOException {
        Path missing = results.resolve("history/none.jsonl");
        CliCapture c = CliCapture.run(Main.commandLine(), "trends", missing.toString(), "-o", results.resolve("x").toString());
        assertEquals(ExitCodes.BAD_INPUT, c.status());
        assertTrue(c.err().contains(missing.toString()) && c.err().contains("ls results/history"), c.err());

        Path broken = results.resolve("broken.jsonl");
        Files.writeString(broken, "{\"time\":\"t\",\"results\":{}}\nnot json\n");
        c = CliCapture.run(Main.commandLine(), "trends", broken.toString(), "-o", results.resolve("x").toString());
        assertEquals(ExitCodes.BAD_INPUT, c.status());
        assertTrue(c.err().contains("line 2"), c.err());

        Path empty = results.resolve("empty.jsonl");
        Files.writeString(empty, "\n");
        c = CliCapture.run(Main.commandLine(), "trends", empty.toString(), "-o", results.resolve("x").toString());
        assertEquals(ExitCodes.BAD_INPUT, c.status());
        assertTrue(c.err().contains("holds no run"), c.err());

        Path h = history();
        c = CliCapture.run(Main.commandLine(), "trends", h.toString(), "-o", results.resolve("x").toString(), "--include", "NoSuchBench");
        assertEquals(ExitCodes.BAD_INPUT, c.status());
        assertTrue(c.err().contains("NoSuchBench") && c.err().contains("keys look like"), c.err());

        c = CliCapture.run(Main.commandLine(), "trends", h.toString(), "-o", results.resolve("x").toString(), "--include", "(");
        assertEquals(ExitCodes.BAD_INPUT, c.status());
        assertTrue(c.err().contains("not a regular expression"), c.err());
    }
}
