package dev.crossover.analysis;

import java.util.List;

/**
 * A crossover of CLAIMS.md (X1–X6) as found in one run.
 *
 * @param id        {@code X1} … {@code X6}
 * @param title     the crossover in one line (from CLAIMS.md)
 * @param found     true when at least one curve pair gave a located crossing
 * @param summary   one sentence for the top of the report
 * @param details   one line per curve pair or executor, with numbers
 * @param results   the raw crossing results
 * @param evidence  the points behind it, with their result keys
 * @param chart     the chart to draw, or null when there is no data
 * @param refine    per crossing between grid points: the extra x values worth running (adaptive refinement)
 * @param decisions the decision per curve pair or executor, as data (the summary and details say the same in words)
 */
public record CrossoverFinding(String id, String title, boolean found, String summary, List<String> details,
                               List<CrossoverResult> results, List<Evidence> evidence, ChartSpec chart,
                               List<Refinement.Proposal> refine, List<Decision> decisions) {

    public CrossoverFinding {
        details = List.copyOf(details);
        results = List.copyOf(results);
        evidence = List.copyOf(evidence);
        refine = List.copyOf(refine);
        decisions = List.copyOf(decisions);
    }

    /** A finding without decisions (a crossover that was not measured or has no rule). */
    public CrossoverFinding(String id, String title, boolean found, String summary, List<String> details,
                            List<CrossoverResult> results, List<Evidence> evidence, ChartSpec chart,
                            List<Refinement.Proposal> refine) {
        this(id, title, found, summary, details, results, evidence, chart, refine, List.of());
    }

    /** What one decision of a crossover says. */
    public enum Status {
        /** Located: an interval closed on both sides (or one measured integer). */
        LOCATED,
        /** An integer answer that is a range of sizes (some between measured ones, or unclear). */
        RANGE,
        /** Already past the crossing at the smallest value measured. */
        FROM_START,
        /** Not reached in the measured range. */
        NOT_REACHED,
        /** Within the practical threshold everywhere: a tie, no crossover. */
        TIE,
        /** The run could not resolve it: an open end; the text names the command that would. */
        UNRESOLVED
    }

    /**
     * One decision of a crossover.
     *
     * @param subject  what it is about, e.g. {@code PROCESS_PIPE 90% of THREADS}
     * @param status   what it says
     * @param crossing the crossing and its interval, null when there is none
     * @param value    the answer on the x axis (estimate or integer), NaN when there is none
     * @param text     the same decision in words
     */
    public record Decision(String subject, Status status, Crossing crossing, double value, String text) {
    }
}
