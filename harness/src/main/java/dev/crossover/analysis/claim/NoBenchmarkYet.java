package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;

import java.util.List;
import java.util.Map;

/**
 * A claim of {@code notes/CLAIMS.md} no benchmark of the suite serves yet: the verdict is {@code
 * inconclusive} and names the experiment that would settle it, from the catalog.
 */
public final class NoBenchmarkYet implements ClaimRule {

    private final String id;

    public NoBenchmarkYet(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<BenchRef> needs() {
        return List.of();
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        String experiment = in.entry().experiment().isBlank() ? "an experiment for " + id : in.entry().experiment();
        return new ClaimDecision(id, VerdictKind.INCONCLUSIVE, List.of(), List.of(), Map.of(), "no benchmark serves this claim yet",
                "a benchmark class with @Serves(\"" + id + "\") for: " + experiment + " And a rule for " + id + " in dev.crossover.analysis.claim.");
    }

    @Override
    public Prose render(ClaimDecision d) {
        return new Prose("no benchmark serves this claim yet", "No benchmark of the suite serves " + d.id() + " yet, so nothing was measured.",
                null, null);
    }
}
