package dev.crossover.analysis.claim;

import dev.crossover.claims.VerdictKind;

import java.util.List;

/** How comparisons that test a claim add up to a measured verdict. */
final class Decide {

    private Decide() {
    }

    /**
     * {@code holds} when some comparisons agree and none contradicts, {@code fails} when some contradict
     * and none agrees, {@code depends} when both occur, {@code inconclusive} when every interval is
     * unresolved. Figures ({@link Comparison.Expect#NONE}) do not count.
     */
    static VerdictKind kind(List<Comparison> cmps) {
        long agree = cmps.stream().filter(c -> c.agreement() == Comparison.Agreement.AGREES).count();
        long contra = cmps.stream().filter(c -> c.agreement() == Comparison.Agreement.CONTRADICTS).count();
        return agree > 0 && contra > 0 ? VerdictKind.DEPENDS
                : agree > 0 ? VerdictKind.HOLDS : contra > 0 ? VerdictKind.FAILS : VerdictKind.INCONCLUSIVE;
    }
}
