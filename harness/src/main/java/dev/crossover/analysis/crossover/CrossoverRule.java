package dev.crossover.analysis.crossover;

import dev.crossover.analysis.CrossoverFinding;

import java.util.List;

/** How one crossover of CLAIMS.md is read from a run: the benchmarks it needs, and the decision. */
public interface CrossoverRule extends dev.crossover.claims.BenchmarkNeeds {

    /** The crossover ID, e.g. {@code X2}. */
    String id();

    /** The benchmarks the rule reads, for the contract test against JMH's BenchmarkList. */
    List<BenchmarkRef> references();

    /**
     * The references as the contract test reads them: one {@link dev.crossover.claims.BenchRef} per
     * benchmark without params, and one per param value a reference needs.
     */
    @Override
    default List<dev.crossover.claims.BenchRef> needs() {
        List<dev.crossover.claims.BenchRef> out = new java.util.ArrayList<>();
        for (BenchmarkRef r : references()) {
            dev.crossover.claims.BenchRef base = dev.crossover.claims.BenchRef.of(r.className(), r.method());
            if (r.params().isEmpty()) {
                out.add(base);
            }
            r.params().forEach((name, values) -> values.forEach(v -> out.add(base.with(name, v))));
        }
        return out;
    }

    /** The decision on this run's results. */
    CrossoverFinding find(CrossoverInput in);
}
