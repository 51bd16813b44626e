package dev.crossover.analysis;

/**
 * One place where two curves change order.
 *
 * @param x             best estimate (log-space interpolation between the bracketing points, or the grid point itself)
 * @param lo            lower end of the interval the score errors allow
 * @param hi            upper end of that interval
 * @param loOpen        true when the lower end is the start of the tested range: the crossing may lie lower
 * @param hiOpen        true when the upper end is the end of the tested range: it may lie higher
 * @param gridHit       true when the curves meet exactly at a measured point
 * @param bracketLo     measured x just below (or at) the crossing
 * @param bracketHi     measured x just above (or at) the crossing
 * @param leaderBefore  label of the curve ahead below the crossing
 * @param leaderAfter   label of the curve ahead above it
 * @param errorsUnknown true when a score error was NaN: the interval is then the bracket, no narrower
 */
public record Crossing(double x, double lo, double hi, boolean loOpen, boolean hiOpen, boolean gridHit,
                       double bracketLo, double bracketHi, String leaderBefore, String leaderAfter,
                       boolean errorsUnknown) {

    /** True when the errors pin the crossing down on both sides. */
    public boolean resolved() {
        return !loOpen && !hiOpen && !errorsUnknown;
    }

    /** e.g. "x ≈ 312 (interval 180–540)". */
    public String describe(String xParam) {
        String where = gridHit ? xParam + " = " + Fmt.num(x) + " (at a measured point)"
                : xParam + " ≈ " + Fmt.num(x);
        String interval = errorsUnknown
                ? "between the measured points " + Fmt.num(bracketLo) + " and " + Fmt.num(bracketHi) + "; score errors unknown"
                : "interval " + (loOpen ? "≤" : "") + Fmt.num(lo) + " – " + (hiOpen ? "≥" : "") + Fmt.num(hi)
                + (resolved() ? "" : ", not resolved by the errors at the " + (loOpen && hiOpen ? "both ends" : loOpen ? "low end" : "high end"));
        return where + " (" + interval + "): " + leaderAfter + " overtakes " + leaderBefore;
    }
}
