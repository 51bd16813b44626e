package dev.crossover.claims;

import java.util.Locale;

/** The verdicts a claim can get (notes/CLAIMS.md). */
public enum VerdictKind {
    /** A measured property of this machine agrees with the claim, decided on fork-based intervals. */
    HOLDS,
    /** A measured property of this machine contradicts it, decided on fork-based intervals. */
    FAILS,
    /** Measured: true for some load shapes, sizes or kinds and not for others; the verdict says on what. */
    DEPENDS,
    /** The measurements cannot separate the outcomes, or are missing; the verdict says what run would settle it. */
    INCONCLUSIVE,
    /** The suite shows the mechanism working; the outcome was fixed by construction, so it is shown, not measured. */
    DEMONSTRATED,
    /** The claim's premise is absent on the JVM; the verdict says what holds on the JVM instead. */
    NOT_APPLICABLE;

    /** {@code holds}, {@code not applicable}, … as written in reports. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** True for the kinds that state a measured property of the machine and must carry a fork-based interval. */
    public boolean measured() {
        return this == HOLDS || this == FAILS || this == DEPENDS;
    }
}
