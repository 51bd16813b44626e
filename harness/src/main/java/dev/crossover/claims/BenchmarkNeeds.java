package dev.crossover.claims;

import java.util.List;

/**
 * A rule that reads benchmark results: a claim rule (C…) or a crossover rule (X…). The benchmarks
 * module's contract test resolves every {@link #needs()} reference against JMH's BenchmarkList.
 */
public interface BenchmarkNeeds {

    /** The claim or crossover ID of {@code notes/CLAIMS.md} the rule decides, e.g. {@code C6}. */
    String id();

    /** The benchmarks the rule reads; empty when no benchmark serves the ID yet. */
    List<BenchRef> needs();
}
