package dev.crossover.results;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run as the user named it: a run directory, a JMH JSON file, or a {@code .tar.gz}/{@code .tgz} of a run
 * directory, which is extracted into a temporary directory for as long as this is open and deleted on
 * {@link #close()}. Every command that reads a run (report, compare, fleet) opens its inputs through this.
 *
 * @param given what the user named
 * @param path  where the run lies now: {@code given}, or the run directory inside the extracted archive
 * @param temp  the temporary directory to delete on close, or null
 */
public record RunInput(Path given, Path path, Path temp) implements AutoCloseable {

    /**
     * Opens {@code given}; a tarball is extracted and the run directory found inside it (the directory
     * holding {@code metadata.json} or JMH result files, at most three levels down).
     *
     * @throws BadInputException naming the archive when it cannot be extracted or holds no run, or several
     */
    public static RunInput open(Path given) throws BadInputException {
        if (!TarGz.isTarGz(given) || !Files.isRegularFile(given)) {
            return new RunInput(given, given, null);
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("crossover-run-");
        } catch (IOException e) {
            throw new BadInputException(given, "cannot be extracted: no temporary directory (" + e.getMessage()
                    + "); set -Djava.io.tmpdir to a writable directory");
        }
        try {
            TarGz.extract(given, temp);
            return new RunInput(given, runDirIn(given, temp), temp);
        } catch (BadInputException | RuntimeException e) {
            delete(temp);
            throw e;
        }
    }

    /** Opens every input; on a failure the ones already opened are closed. */
    public static List<RunInput> openAll(List<Path> given) throws BadInputException {
        List<RunInput> out = new ArrayList<>();
        try {
            for (Path p : given) {
                out.add(open(p));
            }
        } catch (BadInputException | RuntimeException e) {
            out.forEach(RunInput::close);
            throw e;
        }
        return out;
    }

    /** True when the run came out of an archive. */
    public boolean extracted() {
        return temp != null;
    }

    /** Deletes the extracted copy, if any. */
    @Override
    public void close() {
        if (temp != null) {
            delete(temp);
        }
    }

    private static Path runDirIn(Path archive, Path root) throws BadInputException {
        List<Path> runs;
        try (Stream<Path> s = Files.walk(root, 4)) {
            runs = s.filter(Files::isDirectory).filter(RunInput::looksLikeRun).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(archive, "cannot be read after extraction: " + e.getMessage(), e);
        }
        if (runs.isEmpty()) {
            throw new BadInputException(archive, "holds no run directory (no metadata.json and no jmh-*.json within three "
                    + "levels); make it with: tar czf run.tgz -C results/runs <run>");
        }
        // a run directory may hold another's files below it (a baseline copied in): the shallowest is the run
        Path top = runs.getFirst();
        List<Path> tops = runs.stream().filter(r -> r.getNameCount() == top.getNameCount()).toList();
        if (tops.size() > 1) {
            throw new BadInputException(archive, "holds " + tops.size() + " run directories ("
                    + tops.stream().map(r -> root.relativize(r).toString()).toList() + "); put one run in each archive");
        }
        return top;
    }

    private static boolean looksLikeRun(Path dir) {
        if (Files.isRegularFile(dir.resolve(RunData.METADATA_FILE)) || Files.isRegularFile(dir.resolve(RunData.MERGED_FILE))) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(RunData::isGroupFile);
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary directory left behind is the system's to clean
        }
    }
}
