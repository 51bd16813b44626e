package dev.crossover.analysis.claim;

import dev.crossover.analysis.Fmt;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.List;

/** Sentences shared by the claim rules' renderers; each reads a decision, never a result. */
final class Text {

    private Text() {
    }

    /** "platformHandoff vs pipeFramed: 22.2 ± 12.8 vs 85.3 ± 59.2 us/op → ×3.83 [×1.2, ×12] better, ahead; agrees". */
    static String line(Comparison c) {
        double threshold = c.diff().threshold();
        String outcome = switch (c.outcome()) {
            case AHEAD -> "ahead";
            case BEHIND -> "behind";
            case TIE -> "a tie within ±" + Fmt.pct(1 + threshold).substring(1);
            case UNRESOLVED -> c.diff().interval().known() ? "unresolved: the interval reaches both into and beyond ±"
                    + Fmt.pct(1 + threshold).substring(1) : "unresolved";
        };
        String agreement = switch (c.agreement()) {
            case AGREES -> "; agrees with the claim";
            case CONTRADICTS -> "; contradicts the claim";
            case UNRESOLVED -> "; cannot tell";
            case FIGURE -> "";
        };
        return c.label() + ": " + c.a().scoreText() + " vs " + c.b().scoreText() + " → " + c.ratioText()
                + (c.ratio() >= 1 ? " better" : " (worse)") + ", " + outcome + agreement;
    }

    /** "pipeFramed: 85.3 ± 59.2 us/op, …". */
    static String line(Figure f) {
        return f.label() + ": " + f.value().scoreText() + f.detail();
    }

    /** The bulleted lines of a decision: comparisons, then figures. */
    static String bullets(ClaimDecision d) {
        List<String> out = new ArrayList<>();
        d.comparisons().forEach(c -> out.add(line(c)));
        d.figures().forEach(f -> out.add(line(f)));
        return out.isEmpty() ? "" : "\n- " + String.join("\n- ", out);
    }

    /** What the intervals are and how they decide. */
    static String method(ClaimDecision d) {
        double threshold = d.comparisons().isEmpty() ? dev.crossover.stats.Difference.DEFAULT_THRESHOLD
                : d.comparisons().getFirst().diff().threshold();
        return "Intervals are 95% over fork means (Welch t on log fork means); a tie lies wholly within ±"
                + Fmt.pct(1 + threshold).substring(1) + ", a win wholly beyond it.";
    }

    /** The labels of {@code cmps}, joined. */
    static String labels(List<Comparison> cmps) {
        return String.join("; ", cmps.stream().map(Comparison::label).toList());
    }

    /** "agrees at …; contradicts at …; unresolved at …" for the comparisons that test the claim. */
    static String split(ClaimDecision d) {
        List<String> parts = new ArrayList<>();
        List<Comparison> agree = d.with(Comparison.Agreement.AGREES);
        List<Comparison> contra = d.with(Comparison.Agreement.CONTRADICTS);
        List<Comparison> open = d.with(Comparison.Agreement.UNRESOLVED);
        if (!agree.isEmpty()) {
            parts.add("agree: " + labels(agree));
        }
        if (!contra.isEmpty()) {
            parts.add("contradict: " + labels(contra));
        }
        if (!open.isEmpty()) {
            parts.add("unresolved: " + labels(open));
        }
        return String.join(". ", parts) + (parts.isEmpty() ? "" : ".");
    }

    /** {@link #split} when it names at most four comparisons, else counts: one line for the claims table. */
    static String gist(ClaimDecision d) {
        long tested = d.comparisons().stream().filter(c -> c.agreement() != Comparison.Agreement.FIGURE).count();
        if (tested == 0) {
            return "no comparison to decide on: the figures beside it do not vote";
        }
        if (tested <= 6) {
            return split(d);
        }
        List<String> parts = new ArrayList<>();
        for (Comparison.Agreement a : List.of(Comparison.Agreement.AGREES, Comparison.Agreement.CONTRADICTS, Comparison.Agreement.UNRESOLVED)) {
            int n = d.with(a).size();
            if (n > 0) {
                parts.add(n + " of " + tested + " comparisons " + switch (a) {
                    case AGREES -> "agree";
                    case CONTRADICTS -> "contradict";
                    default -> "unresolved";
                });
            }
        }
        return String.join(", ", parts);
    }

    /** The prose of a claim the run did not measure. */
    static ClaimRule.Prose notMeasured(ClaimDecision d, String jvmNote) {
        return new ClaimRule.Prose("not measured in this run", "not measured in this run: needs " + d.missing(), jvmNote, null);
    }

    /** True when some comparison of {@code d} with an interval is {@code o}. */
    static boolean any(ClaimDecision d, Outcome o) {
        return d.comparisons().stream().anyMatch(c -> c.outcome() == o);
    }
}
