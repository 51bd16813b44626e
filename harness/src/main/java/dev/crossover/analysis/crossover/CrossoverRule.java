package dev.crossover.analysis.crossover;

import dev.crossover.analysis.CrossoverFinding;

import java.util.List;

/** How one crossover of CLAIMS.md is read from a run: the benchmarks it needs, and the decision. */
public interface CrossoverRule {

    /** The crossover ID, e.g. {@code X2}. */
    String id();

    /** The benchmarks the rule reads, for the contract test against JMH's BenchmarkList. */
    List<BenchmarkRef> references();

    /** The decision on this run's results. */
    CrossoverFinding find(CrossoverInput in);
}
