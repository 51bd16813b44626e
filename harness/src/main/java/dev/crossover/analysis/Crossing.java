package dev.crossover.analysis;

/**
 * One place where two curves change order, or where one curve reaches a level.
 *
 * <p>Without a model ({@link Basis#GRID}) the interval runs from the nearest measured point
 * clearly on the old side to the nearest one clearly on the new side (each judged on its fork
 * means at 95%): the curve can go anywhere between grid points, so nothing narrower is claimed
 * until points measured inside narrow it. With a model the interval is the model's.
 *
 * @param x             best estimate: log-space interpolation between the adjacent points the
 *                      curves swap between, or the model's solution
 * @param lo            lower end of the interval
 * @param hi            upper end of the interval
 * @param loOpen        true when no measured point lies clearly on the old side: the crossing may lie lower (unresolved)
 * @param hiOpen        true when no measured point lies clearly on the new side: it may lie higher (unresolved)
 * @param gridHit       true when the interval shrank to one measured point
 * @param bracketLo     measured x just below the estimate
 * @param bracketHi     measured x just above the estimate
 * @param leaderBefore  label of the curve ahead (or level) below the crossing
 * @param leaderAfter   label of the curve ahead above it
 * @param errorsUnknown true when a point had fewer than two forks: positions from the scores alone
 * @param basis         how the interval was found
 * @param fromTie       true when the curves were level (within the practical threshold) before, and
 *                      this is where one pulls ahead by more than the threshold
 */
public record Crossing(double x, double lo, double hi, boolean loOpen, boolean hiOpen, boolean gridHit,
                       double bracketLo, double bracketHi, String leaderBefore, String leaderAfter,
                       boolean errorsUnknown, Basis basis, boolean fromTie) {

    /** How a crossing's interval was found. */
    public enum Basis {
        /** Between the nearest points measured clearly on each side. */
        GRID("between the nearest points measured clearly on each side"),
        /** Two fitted lines (cost = a + b·size per side), Fieller's interval on where they meet. */
        LINEAR_MODEL("both costs fitted as a + b·size, Fieller's 95% interval on where the lines meet"),
        /** Little's law with each pool's capacity: a pool of N threads serves at most N requests at a time. */
        LITTLES_LAW("Little's law with each pool's capacity");

        private final String text;

        Basis(String text) {
            this.text = text;
        }

        /** What the basis means, in words. */
        public String text() {
            return text;
        }
    }

    /** A grid-based crossing between two curves that swap order. */
    public Crossing(double x, double lo, double hi, boolean loOpen, boolean hiOpen, boolean gridHit,
                    double bracketLo, double bracketHi, String leaderBefore, String leaderAfter, boolean errorsUnknown) {
        this(x, lo, hi, loOpen, hiOpen, gridHit, bracketLo, bracketHi, leaderBefore, leaderAfter, errorsUnknown,
                Basis.GRID, false);
    }

    /** True when measured points pin the crossing down on both sides. */
    public boolean resolved() {
        return !loOpen && !hiOpen && !errorsUnknown;
    }

    /** True when {@code v} lies in the interval (an open end reaching as far as it may). */
    public boolean covers(double v) {
        return (loOpen || v >= lo) && (hiOpen || v <= hi);
    }

    /** This crossing under another leader name (a chart label). */
    public Crossing relabelled(String after) {
        return new Crossing(x, lo, hi, loOpen, hiOpen, gridHit, bracketLo, bracketHi, leaderBefore, after, errorsUnknown,
                basis, fromTie);
    }

    /** "interval 100 – 1000" or "interval ≤ 100 (unresolved at the low end)". */
    public String intervalText() {
        if (gridHit) {
            return "at the measured point " + Fmt.num(x);
        }
        if (loOpen || hiOpen) {
            return loOpen && hiOpen ? "anywhere in " + Fmt.num(lo) + " – " + Fmt.num(hi) + "; unresolved at both ends"
                    : loOpen ? "at or below " + Fmt.num(hi) + "; no point below it is clearly on the other side: unresolved at the low end"
                    : "at or above " + Fmt.num(lo) + "; no point above it is clearly on the other side: unresolved at the high end";
        }
        String text = "interval " + Fmt.num(lo) + " – " + Fmt.num(hi);
        if (!resolved()) {
            text += "; fewer than two forks: from the scores alone";
        }
        return text;
    }

    /** e.g. "x ≈ 312 (interval 100 – 1000, between the nearest points …): a overtakes b". */
    public String describe(String xParam) {
        String where = gridHit ? xParam + " = " + Fmt.num(x) : loOpen || hiOpen ? xParam : xParam + " ≈ " + Fmt.num(x);
        String verb = fromTie ? " pulls ahead of " : " overtakes ";
        return where + " (" + intervalText() + "; " + basis.text() + "): " + leaderAfter + verb + leaderBefore
                + (fromTie ? " by more than the tie threshold" : "");
    }
}
