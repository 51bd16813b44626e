package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchmarkNeeds;

import java.util.List;

/**
 * The rule for one claim of {@code notes/CLAIMS.md}: the benchmarks it reads ({@link #needs()}),
 * a decision made from their results ({@link #decide}), and, apart from it, the text written from
 * that decision alone ({@link #render}).
 */
public interface ClaimRule extends BenchmarkNeeds {

    /** Decides the claim from the run. */
    ClaimDecision decide(ClaimInput in);

    /** The verdict's text, written from {@code d} only. */
    Prose render(ClaimDecision d);

    /**
     * Claims whose experiment this rule also reads (C4's I/O half is C13's experiment): the results
     * of classes serving them are visible to it as well.
     */
    default List<String> alsoReads() {
        return List.of();
    }

    /**
     * The verdict's text.
     *
     * @param gist    one line for the claims table (what the verdict rests on), or null
     * @param reason  the sentences and the list of comparisons and figures
     * @param jvmNote what is true on the JVM and why, where the notes speak of Python; otherwise null
     * @param on      for {@code depends}: on what; otherwise null
     */
    record Prose(String gist, String reason, String jvmNote, String on) {
    }
}
