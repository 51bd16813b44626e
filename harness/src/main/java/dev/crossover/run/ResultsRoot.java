package dev.crossover.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code results/} folder runs are written into: {@code runs/<yyyyMMdd-HHmmss>/} for each run, and
 * {@code latest} pointing at the newest: a relative symbolic link, or where links cannot be made a small file
 * holding the run directory's path relative to {@code results/}. (Reading a run directory is {@link dev.crossover.results.RunData}'s job.)
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

    /**
     * Points {@code resultsRoot/latest} at {@code runDir}: a link (or the fallback file) is made under a
     * temporary name and renamed over {@code latest} in one step, so a reader never finds it missing and two
     * runs ending together leave one of them, never a broken mix. Returns true for a link, false for the file.
     *
     * @throws IOException when {@code latest} is a real directory (never replaced) or nothing can be written
     */
    public static boolean pointLatest(Path resultsRoot, Path runDir) throws IOException {
        Path latest = resultsRoot.resolve("latest");
        if (Files.isDirectory(latest, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(latest + " is a directory, not a link; move it away so that 'latest' can point at the newest run");
        }
        Path tmp = resultsRoot.resolve(".latest-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        boolean link;
        try {
            Files.createSymbolicLink(tmp, resultsRoot.toAbsolutePath().relativize(runDir.toAbsolutePath()));
            link = true;
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            // relative to results/, like the link, so that a results/ copied elsewhere still points at its run
            Files.writeString(tmp, resultsRoot.toAbsolutePath().relativize(runDir.toAbsolutePath()) + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            link = false;
        }
        try {
            Files.move(tmp, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return link;
    }

    /** The run directory {@code results/latest} designates (link or file), or null. */
    public static Path resolveLatest(Path resultsRoot) throws IOException {
        Path latest = resultsRoot.resolve("latest");
        if (Files.isSymbolicLink(latest) || Files.isDirectory(latest)) {
            return latest.toRealPath();
        }
        if (Files.isRegularFile(latest)) {
            // an absolute path (written by older versions) is taken as it is
            return resultsRoot.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
        }
        return null;
    }
}
