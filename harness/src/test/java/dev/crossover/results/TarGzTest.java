package dev.crossover.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run archives: what {@code tar czf} makes is read back byte for byte; an archive that is not one, or escapes, is refused. */
class TarGzTest {

    @TempDir
    Path dir;

    private static final Path RUN = Path.of("src/test/resources/runs/quick-85042d8");

    /** {@code tar czf ARCHIVE -C parent name} in the given format (gnu: long names as 'L' entries; pax: 'x' records). */
    private Path tar(Path parent, String name, String archive, String format) throws Exception {
        Path out = dir.resolve(archive);
        Process p = new ProcessBuilder("tar", "--format=" + format, "-czf", out.toString(), "-C", parent.toString(), name)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tar finished");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void aRunArchiveExtractsToTheSameFilesWithLongNamesInBothFormats() throws Exception {
        Path src = dir.resolve("src");
        Path run = src.resolve("20261202-101321");
        copy(RUN, run);
        // a name longer than tar's 100-byte field
        String longName = "notes-" + "MixedBench_waitFraction=0.99-".repeat(5) + ".txt";
        Files.copy(RUN.resolve("metadata.json"), run.resolve(longName));
        for (String format : List.of("gnu", "pax")) {
            Path archive = tar(src, "20261202-101321", "run-" + format + ".tgz", format);
            try (RunInput in = RunInput.open(archive)) {
                assertTrue(in.extracted());
                assertEquals("20261202-101321", in.path().getFileName().toString(), "the run directory inside the archive");
                try (var files = Files.list(run)) {
                    for (Path f : files.toList()) {
                        assertEquals(-1, Files.mismatch(f, in.path().resolve(f.getFileName().toString())), format + ": " + f);
                    }
                }
                assertTrue(Files.isRegularFile(in.path().resolve(longName)), format);
                RunData d = RunData.load(List.of(in.path()));
                assertEquals(RunData.load(List.of(run)).results().size(), d.results().size());
                Path temp = in.temp();
                in.close();
                assertFalse(Files.exists(temp), "the extracted copy is deleted on close");
            }
        }
    }

    @Test
    void aRunArchivedFromInsideItsDirectoryIsFoundAtTheTop() throws Exception {
        Path archive = tar(RUN.getParent(), RUN.getFileName().toString(), "plain.tar.gz", "gnu");
        Process p = new ProcessBuilder("tar", "-czf", dir.resolve("flat.tgz").toString(), "-C", RUN.toString(), ".").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        try (RunInput a = RunInput.open(archive); RunInput b = RunInput.open(dir.resolve("flat.tgz"))) {
            assertTrue(Files.isRegularFile(a.path().resolve("metadata.json")));
            assertTrue(Files.isRegularFile(b.path().resolve("metadata.json")));
            assertEquals(b.temp().toRealPath(), b.path().toRealPath(), "files at the archive's top: the top is the run");
        }
    }

    @Test
    void notGzipNotTarAndEscapingEntriesAreRefusedNamingTheArchive() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.tgz"), "hello");
        String m = assertThrows(BadInputException.class, () -> RunInput.open(text)).getMessage();
        assertTrue(m.startsWith(text.toString()) && m.contains("not a gzip file"), m);

        Path noTar = dir.resolve("gz.tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(noTar))) {
            o.write("just some text, not a tar header".repeat(20).getBytes(StandardCharsets.UTF_8));
        }
        m = assertThrows(BadInputException.class, () -> RunInput.open(noTar)).getMessage();
        assertTrue(m.contains("is not a tar archive"), m);

        Path escape = dir.resolve("escape.tgz");
        writeTarGz(escape, "../outside.json", "{}");
        Path target = Files.createDirectories(dir.resolve("target"));
        m = assertThrows(BadInputException.class, () -> TarGz.extract(escape, target)).getMessage();
        assertTrue(m.contains("leaves the archive's directory ('../outside.json')"), m);
        assertFalse(Files.exists(dir.resolve("outside.json")), "nothing written outside the target");

        Path absolute = dir.resolve("absolute.tgz");
        writeTarGz(absolute, "/tmp/x.json", "{}");
        m = assertThrows(BadInputException.class, () -> TarGz.extract(absolute, target)).getMessage();
        assertTrue(m.contains("absolute"), m);

        Path empty = dir.resolve("norun.tgz");
        writeTarGz(empty, "notes/readme.txt", "no run here");
        m = assertThrows(BadInputException.class, () -> RunInput.open(empty)).getMessage();
        assertTrue(m.contains("holds no run directory"), m);
    }

    @Test
    void aTruncatedArchiveSaysSo() throws Exception {
        Path archive = tar(RUN.getParent(), RUN.getFileName().toString(), "whole.tgz", "gnu");
        byte[] all = Files.readAllBytes(archive);
        Path cut = Files.write(dir.resolve("cut.tgz"), java.util.Arrays.copyOf(all, all.length / 2));
        String m = assertThrows(BadInputException.class, () -> RunInput.open(cut)).getMessage();
        assertTrue(m.startsWith(cut.toString()), m);
    }

    /** One regular file in a ustar archive, gzipped: the smallest archive that can carry a bad path. */
    static void writeTarGz(Path file, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(h);
        tar.write(data);
        tar.write(new byte[(512 - data.length % 512) % 512]);
        tar.write(new byte[1024]);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(tar.toByteArray());
        }
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                }
            }
        }
    }
}
