package dev.crossover.analysis;

import java.util.Locale;

/** The four verdicts a claim can get (notes/CLAIMS.md). */
public enum VerdictKind {
    /** The measurements agree with the claim. */
    HOLDS,
    /** The measurements contradict it. */
    FAILS,
    /** True for some load shapes, sizes or kinds and not for others; the verdict says on what. */
    DEPENDS,
    /** The intervals overlap or data is missing; the verdict says what run would settle it. */
    INCONCLUSIVE;

    /** {@code holds}, {@code fails}, … as written in reports. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
