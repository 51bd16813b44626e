package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.claims.VerdictKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a claim rule decided, as data: the kind, the comparisons (each with its fork-based interval)
 * and figures behind it, and named groups of labels the text is written from. The text of a
 * verdict is rendered from this object alone, so it cannot say what the numbers do not.
 *
 * @param id          claim ID
 * @param kind        the verdict kind
 * @param comparisons side-by-side comparisons, in the order the claim reads them
 * @param figures     further numbers the verdict reports
 * @param groups      named lists of labels (e.g. {@code torn} → payloads that tore frames), for the text
 * @param missing     for a claim not measured in the run: the results it needs; otherwise null
 * @param settleBy    for {@code inconclusive}: the run that would settle it; otherwise null
 */
public record ClaimDecision(String id, VerdictKind kind, List<Comparison> comparisons, List<Figure> figures,
                            Map<String, List<String>> groups, String missing, String settleBy) {

    public ClaimDecision {
        comparisons = List.copyOf(comparisons);
        figures = List.copyOf(figures);
        Map<String, List<String>> g = new LinkedHashMap<>();
        groups.forEach((k, v) -> g.put(k, List.copyOf(v)));
        groups = Collections.unmodifiableMap(g);
        if (kind.measured() && figures.isEmpty() && comparisons.stream().noneMatch(c -> c.diff().interval().known())) {
            // counted events (torn frames) may stand alone; a ratio needs its interval
            throw new IllegalArgumentException(id + ": a " + kind.word() + " verdict must carry a fork-based interval or counted figures");
        }
        if (kind == VerdictKind.INCONCLUSIVE && settleBy == null) {
            throw new IllegalArgumentException(id + ": an inconclusive verdict must say what run would settle it");
        }
    }

    /** A claim the run did not measure. */
    static ClaimDecision notMeasured(String id, String needs, String settleBy) {
        return new ClaimDecision(id, VerdictKind.INCONCLUSIVE, List.of(), List.of(), Map.of(), needs, settleBy);
    }

    /** The labels of group {@code name}, empty when absent. */
    public List<String> group(String name) {
        return groups.getOrDefault(name, List.of());
    }

    /** The comparisons with agreement {@code a}. */
    public List<Comparison> with(Comparison.Agreement a) {
        return comparisons.stream().filter(c -> c.agreement() == a).toList();
    }

    /** Every number behind the verdict, each result once, comparisons first. */
    public List<Evidence> evidence() {
        Map<String, Evidence> m = new LinkedHashMap<>();
        for (Comparison c : comparisons) {
            m.putIfAbsent(c.a().key(), c.a());
            m.putIfAbsent(c.b().key(), c.b());
        }
        figures.forEach(f -> m.putIfAbsent(f.value().key(), f.value()));
        return new ArrayList<>(m.values());
    }
}
