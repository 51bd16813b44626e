package dev.crossover.compare;

import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.crossover.results.RunMetadataFile.Key.*;

/**
 * Stored reference runs under {@code results/baseline/<preset>-<jdk>-<cores>c-<cpu-hash>/}: a copy
 * of a run directory's JMH files and {@code metadata.json}. A run is compared only with the
 * baseline of the same preset, JDK, CPU budget and CPU model.
 */
public final class Baselines {

    /** The metadata fields a baseline must share with a run. */
    public static final List<String> MATCH_FIELDS = List.of(PRESET, path(JDK, JDK_VERSION), path(CPU_BUDGET, CORES), CPU_MODEL);

    private Baselines() {
    }

    /** {@code results/baseline} beside the run's {@code results/runs}, else {@code results/baseline} in the working directory. */
    public static Path defaultRoot(Path runDir) {
        Path real = runDir.toAbsolutePath().normalize();
        try {
            real = runDir.toRealPath();
        } catch (IOException e) {
            // not there yet: the caller reports it
        }
        Path parent = real.getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("runs")
                && parent.getParent() != null) {
            return parent.getParent().resolve("baseline");
        }
        return Path.of("results", "baseline");
    }

    /** The directory name for a run's machine and setup: {@code quick-25.0.1-2c-1a2b3c4d}. */
    public static String machineKey(RunMetadata metadata) {
        String preset = Objects.requireNonNullElse(metadata.field(PRESET), "unknown");
        String jdk = Objects.requireNonNullElse(metadata.field(path(JDK, JDK_VERSION)), "unknown");
        String cores = Objects.requireNonNullElse(metadata.field(path(CPU_BUDGET, CORES)), "0");
        String cpu = Objects.requireNonNullElse(metadata.field(CPU_MODEL), "");
        return safe(preset) + "-" + safe(jdk) + "-" + safe(cores) + "c-" + hash(cpu);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._+]", "_");
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The baseline matching a run (same preset, JDK, CPU budget, CPU model), searched under the default root. */
    public static Optional<Path> findMatching(Path runDir) throws BadInputException {
        return findMatching(runDir, defaultRoot(runDir));
    }

    /** The baseline matching a run under {@code root}; empty when there is none (or the run has no metadata). */
    public static Optional<Path> findMatching(Path runDir, Path root) throws BadInputException {
        RunMetadata meta = RunMetadata.readIfPresent(runDir.resolve(RunData.METADATA_FILE));
        if (!meta.present()) {
            return Optional.empty();
        }
        Path candidate = root.resolve(machineKey(meta));
        RunMetadata other = RunMetadata.readIfPresent(candidate.resolve(RunData.METADATA_FILE));
        if (!other.present()) {
            return Optional.empty();
        }
        for (String f : MATCH_FIELDS) {
            if (!Objects.equals(meta.field(f), other.field(f))) {
                return Optional.empty();
            }
        }
        return Optional.of(candidate);
    }

    /** Copies a run's JMH JSON files and metadata into its baseline directory, replacing what was there. */
    public static Path bless(Path runDir, Path root) throws BadInputException {
        RunData run = RunData.read(runDir);
        if (!run.metadata().present()) {
            throw new BadInputException(runDir, "has no metadata.json; only a run directory written by 'crossover run' can become a baseline");
        }
        Path target = root.resolve(machineKey(run.metadata()));
        try {
            Files.createDirectories(target);
            try (Stream<Path> old = Files.list(target)) {
                for (Path p : old.toList()) {
                    if (Files.isRegularFile(p)) {
                        Files.delete(p);
                    }
                }
            }
            Path src = Files.isDirectory(runDir) ? runDir : runDir.getParent();
            try (Stream<Path> files = Files.list(src)) {
                for (Path p : files.toList()) {
                    String n = p.getFileName().toString();
                    if (Files.isRegularFile(p) && (n.equals(RunData.METADATA_FILE) || n.equals(RunData.MERGED_FILE)
                            || RunData.isGroupFile(p))) {
                        Files.copy(p, target.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(target.resolve("BLESSED"), "from " + runDir.toAbsolutePath().normalize() + "\n");
        } catch (IOException e) {
            throw new BadInputException(target, "cannot store the baseline: " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * What the run command calls after a run: compares it with its matching baseline, writes
     * regression.md, junit.xml and compare.json into the run directory and returns the exit status.
     * No baseline: says so and returns 0. The {@code smoke} preset reports but never gates.
     */
    public static int compareWithMatching(Path runDir, CompareOptions options, PrintWriter out) throws BadInputException {
        Optional<Path> base = findMatching(runDir);
        if (base.isEmpty()) {
            RunMetadata meta = RunMetadata.readIfPresent(runDir.resolve(RunData.METADATA_FILE));
            out.println("No baseline for " + (meta.present() ? machineKey(meta) : runDir + " (no metadata.json)")
                    + " under " + defaultRoot(runDir) + "; comparison skipped. Store one with scripts/bless-baseline " + runDir);
            return 0;
        }
        RunData run = RunData.read(runDir);
        Comparison c = GridComparison.compare(RunData.read(base.get()), run, options);
        try {
            CompareOutputs.writeAll(c, runDir);
        } catch (IOException e) {
            throw new BadInputException(runDir, "cannot write the regression report: " + e.getMessage(), e);
        }
        boolean smoke = "smoke".equals(run.metadata().preset());
        out.println("Compared with baseline " + base.get() + ": " + CompareOutputs.summaryLine(c)
                + (smoke ? " (smoke preset: reported, never gates)" : ""));
        if (smoke) {
            return 0;
        }
        return !c.comparable() ? 2 : c.hasRegression() ? 1 : 0;
    }
}
