package dev.crossover.analysis;

import dev.crossover.analysis.claim.ClaimDecision;
import dev.crossover.analysis.claim.Comparison;
import dev.crossover.claims.VerdictKind;

import java.util.List;

/**
 * A claim's verdict with the numbers behind it, rendered from its {@link ClaimDecision}.
 *
 * @param id        claim ID, e.g. {@code C4}
 * @param claim     the claim in one line (from CLAIMS.md)
 * @param kind      holds, fails, depends, inconclusive, demonstrated or not applicable
 * @param dependsOn for {@code depends}: on what (a crossover, load shape, size); otherwise null
 * @param reason    why, in sentences, with the decisive figures
 * @param jvmNote   what is true on the JVM and why, where the notes speak of Python; otherwise null
 * @param settleBy  for {@code inconclusive}: the run that would settle it; otherwise null
 * @param evidence  the scores, errors and units, with the result keys
 * @param servedBy  the benchmark classes that serve this claim in the run (via {@code @Serves})
 * @param gist      one line for the claims table: what the verdict rests on
 * @param decision  the decision the text was rendered from: kind, comparisons with their fork-based intervals, figures
 */
public record Verdict(String id, String claim, VerdictKind kind, String dependsOn, String reason, String jvmNote,
                      String settleBy, List<Evidence> evidence, List<String> servedBy, String gist, ClaimDecision decision) {

    public Verdict {
        evidence = List.copyOf(evidence);
        servedBy = List.copyOf(servedBy);
    }

    /** "depends (on the transport)" or "holds". */
    public String label() {
        return kind == VerdictKind.DEPENDS && dependsOn != null ? "depends (on " + dependsOn + ")" : kind.word();
    }

    /** The comparisons behind the verdict, each with its fork-based interval. */
    public List<Comparison> comparisons() {
        return decision.comparisons();
    }
}
