package dev.crossover.analysis;

import java.util.List;

/**
 * Where curve {@code a} and curve {@code b} change order over their common x values.
 *
 * @param a               first curve's label
 * @param b               second curve's label
 * @param xParam          the x param
 * @param xMin            lowest common x
 * @param xMax            highest common x
 * @param crossings       every crossing, in x order (none: "not reached between xMin and xMax")
 * @param leaderAtStart   label ahead at xMin (null when the two are equal there)
 * @param leaderAtEnd     label ahead at xMax
 * @param overlapEverywhere true when the score intervals overlap at every common point
 * @param touches         x ranges [from, to] where the curves swapped order only within their errors (noise)
 * @param commonPoints    how many x values both curves have
 */
public record CrossoverResult(String a, String b, String xParam, double xMin, double xMax, List<Crossing> crossings,
                              String leaderAtStart, String leaderAtEnd, boolean overlapEverywhere,
                              List<double[]> touches, int commonPoints) {

    public CrossoverResult {
        crossings = List.copyOf(crossings);
        touches = List.copyOf(touches);
    }

    /** True when at least one crossing was found. */
    public boolean crosses() {
        return !crossings.isEmpty();
    }

    /** One sentence: the crossing(s), or "not reached between A and B". */
    public String describe() {
        if (commonPoints < 2) {
            return a + " vs " + b + ": fewer than two common " + xParam + " values were measured; no crossover can be located";
        }
        if (crossings.isEmpty()) {
            String range = xParam + " = " + Fmt.num(xMin) + " and " + Fmt.num(xMax);
            if (overlapEverywhere) {
                return a + " and " + b + " are within each other's error at every measured point between " + range
                        + ": no crossover can be told apart";
            }
            String leader = leaderAtStart != null ? leaderAtStart : leaderAtEnd;
            return "not reached between " + range + ": " + leader + " stays ahead throughout"
                    + (touches.isEmpty() ? "" : " (the curves touch within their errors near " + xParam + " ≈ "
                    + Fmt.num(touches.getFirst()[0]) + ")");
        }
        StringBuilder s = new StringBuilder();
        if (crossings.size() > 1) {
            s.append("crosses ").append(crossings.size()).append(" times: ");
        }
        for (int i = 0; i < crossings.size(); i++) {
            if (i > 0) {
                s.append("; then ");
            }
            s.append(crossings.get(i).describe(xParam));
        }
        return s.toString();
    }
}
