package dev.crossover.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code results/} folder runs are written into: {@code runs/<yyyyMMdd-HHmmss>/} for each run, and
 * {@code latest} pointing at the newest: a symbolic link, or where links cannot be made a small file
 * holding the run directory's path. (Reading a run directory is {@link dev.crossover.results.RunData}'s job.)
 */
public final class ResultsRoot {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ResultsRoot() {
    }

    /** Creates a fresh run directory under {@code resultsRoot/runs} (a suffix keeps two runs in one second apart). */
    public static Path newRun(Path resultsRoot, LocalDateTime now) throws IOException {
        Path runs = resultsRoot.resolve("runs");
        Files.createDirectories(runs);
        String stamp = STAMP.format(now);
        for (int i = 1; ; i++) {
            Path dir = runs.resolve(i == 1 ? stamp : stamp + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // next suffix
            }
        }
    }

    /** Points {@code resultsRoot/latest} at {@code runDir}; returns true for a link, false for the fallback file. */
    public static boolean pointLatest(Path resultsRoot, Path runDir) throws IOException {
        Path latest = resultsRoot.resolve("latest");
        Files.deleteIfExists(latest);
        try {
            Files.createSymbolicLink(latest, resultsRoot.toAbsolutePath().relativize(runDir.toAbsolutePath()));
            return true;
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            Files.writeString(latest, runDir.toAbsolutePath() + System.lineSeparator(), StandardCharsets.UTF_8);
            return false;
        }
    }

    /** The run directory {@code results/latest} designates (link or file), or null. */
    public static Path resolveLatest(Path resultsRoot) throws IOException {
        Path latest = resultsRoot.resolve("latest");
        if (Files.isSymbolicLink(latest) || Files.isDirectory(latest)) {
            return latest.toRealPath();
        }
        if (Files.isRegularFile(latest)) {
            return Path.of(Files.readString(latest, StandardCharsets.UTF_8).trim());
        }
        return null;
    }
}
