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
 */
public record CrossoverFinding(String id, String title, boolean found, String summary, List<String> details,
                               List<CrossoverResult> results, List<Evidence> evidence, ChartSpec chart,
                               List<Refinement.Proposal> refine) {

    public CrossoverFinding {
        details = List.copyOf(details);
        results = List.copyOf(results);
        evidence = List.copyOf(evidence);
        refine = List.copyOf(refine);
    }
}
