package dev.crossover.analysis.claim;

import dev.crossover.analysis.Curves;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.results.BenchmarkResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a claim rule reads from a run: the results of the classes serving the claim (or a claim whose
 * experiment it borrows, {@link ClaimRule#alsoReads()}), found only through {@link BenchRef}s; the
 * core count; and the summaries of crossovers it cites.
 *
 * @param entry      the claim's row of the catalog
 * @param results    results of the classes serving the claim or a claim it reads
 * @param servedBy   those classes, by simple name, sorted
 * @param cores      cores of the run's CPU budget, or null when unknown
 * @param sizes      turns param values (numbers, {@code cores}, …) into numbers
 * @param crossovers crossover ID → its one-line summary, for rules that cite one
 * @param threshold  the practical tie threshold (e.g. 0.02)
 */
public record ClaimInput(ClaimsCatalog.Entry entry, List<BenchmarkResult> results, List<String> servedBy, Integer cores,
                         Curves.SizeResolver sizes, Map<String, String> crossovers, double threshold) {

    public ClaimInput {
        results = List.copyOf(results);
        servedBy = List.copyOf(servedBy);
        crossovers = Map.copyOf(crossovers);
    }

    /** The claim ID. */
    public String id() {
        return entry.id();
    }

    /** Every result {@code ref} names, in run order. */
    public List<BenchmarkResult> all(BenchRef ref) {
        return results.stream().filter(r -> ref.matches(r.shortName(), r.params())).toList();
    }

    /** Every result {@code ref} names in JMH mode {@code mode}. */
    public List<BenchmarkResult> all(BenchRef ref, String mode) {
        return all(ref).stream().filter(r -> r.mode().equals(mode)).toList();
    }

    /** The first result {@code ref} names, or null. */
    public BenchmarkResult one(BenchRef ref) {
        List<BenchmarkResult> rs = all(ref);
        return rs.isEmpty() ? null : rs.getFirst();
    }

    /** The first result {@code ref} names in mode {@code mode}, or null. */
    public BenchmarkResult one(BenchRef ref, String mode) {
        List<BenchmarkResult> rs = all(ref, mode);
        return rs.isEmpty() ? null : rs.getFirst();
    }

    /** A param value as a number ({@code cores} and other symbols resolved), or null. */
    public Double numeric(String value) {
        return value == null ? null : sizes.numeric(value);
    }

    /** True when the param value stands for the core count. */
    public boolean isCores(String value) {
        if ("cores".equals(value)) {
            return true;
        }
        Double v = numeric(value);
        return v != null && cores != null && v.intValue() == cores;
    }

    /** The distinct values of {@code param} among {@code rs}, numerically sorted where they are numbers. */
    public List<String> values(List<BenchmarkResult> rs, String param) {
        TreeSet<String> set = new TreeSet<>((a, b) -> {
            Double x = numeric(a);
            Double y = numeric(b);
            return x != null && y != null && Double.compare(x, y) != 0 ? Double.compare(x, y) : a.compareTo(b);
        });
        rs.forEach(r -> {
            if (r.param(param) != null) {
                set.add(r.param(param));
            }
        });
        return new ArrayList<>(set);
    }

    /** The run that measures this claim. */
    public String rerun() {
        return "mvn verify -Pbench -Dbench.claims=" + id();
    }

    /** The run that narrows this claim's intervals: more forks. */
    public String rerunFull() {
        return "mvn verify -Pbench -Dbench.preset=full -Dbench.claims=" + id() + " (more forks narrow the fork-based intervals)";
    }

    /** "; no class in the run serves C6" when none does, else empty. */
    String unservedNote() {
        return servedBy.isEmpty() ? "; no class in the run serves " + id() : "";
    }
}
