package dev.crossover.run;

import dev.crossover.results.BadInputException;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadataFile;
import dev.crossover.sizing.PoolSizer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes benchmarks decided in their forks (a formula fed by a measured wait, a process pool's
 * children × threads), read back from the results' secondary metrics named in {@link
 * PoolSizer#USED_SIZE_METRICS}, for {@code metadata.json}'s {@code sizes} beside the sizes the plan
 * resolved.
 */
final class UsedSizes {

    private UsedSizes() {
    }

    /**
     * {@code "<result key> · <metric>"} → the metric's per-iteration mean, rounded, for every result
     * that reports one above zero (0 means "does not apply": no children in an in-process pool).
     */
    static Map<String, Integer> of(List<BenchmarkResult> results) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (BenchmarkResult r : results) {
            for (String name : PoolSizer.USED_SIZE_METRICS) {
                Metric m = r.secondary().get(name);
                if (m != null && m.value() > 0 && Double.isFinite(m.value())) {
                    out.put(r.key() + " · " + name, (int) Math.round(m.value()));
                }
            }
        }
        return out;
    }

    /** {@code meta} with the used sizes of the run in {@code runDir} added; unchanged when its results cannot be read. */
    static RunMetadataFile addTo(RunMetadataFile meta, Path runDir) {
        Map<String, Integer> used;
        try {
            used = of(RunData.load(List.of(runDir)).results());
        } catch (BadInputException | RuntimeException e) {
            return meta; // the report says what is wrong with the results; metadata keeps the planned sizes
        }
        if (used.isEmpty()) {
            return meta;
        }
        Map<String, Integer> sizes = new LinkedHashMap<>(meta.sizes());
        sizes.putAll(used);
        return new RunMetadataFile(meta.formatVersion(), meta.preset(), meta.startTime(), meta.endTime(), meta.commit(), meta.jdk(),
                meta.jvmArgs(), meta.childJvmArgs(), meta.os(), meta.cpuModel(), meta.cpuBudget(), sizes, meta.noise(), meta.interrupted(),
                meta.virtualThreadScheduler());
    }
}
