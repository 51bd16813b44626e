package dev.crossover.analysis;

import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Where curve {@code a} and curve {@code b} (or a level made from {@code b}) change order over their
 * common x values, decided point by point on fork means.
 *
 * @param a             first curve's label
 * @param b             second curve's label (or the level's)
 * @param xParam        the x param
 * @param xMin          lowest common x
 * @param xMax          highest common x
 * @param crossings     every crossing, in x order (none: "not reached between xMin and xMax")
 * @param leaderAtStart label clearly ahead at xMin (null when level or unresolved there)
 * @param leaderAtEnd   label clearly ahead at xMax
 * @param tieEverywhere true when the two are within the practical threshold at every common point
 * @param commonPoints  how many x values both curves have
 * @param steps         the decision at each common x, in x order
 * @param threshold     the practical threshold of a tie (0 when the question is reaching a level)
 */
public record CrossoverResult(String a, String b, String xParam, double xMin, double xMax, List<Crossing> crossings,
                              String leaderAtStart, String leaderAtEnd, boolean tieEverywhere, int commonPoints,
                              List<Step> steps, double threshold) {

    public CrossoverResult {
        crossings = List.copyOf(crossings);
        steps = List.copyOf(steps);
    }

    /**
     * One common x: {@code a} against {@code b} (or the level) from their fork means.
     *
     * @param x     the x value
     * @param diff  the interval on how much better {@code a} is, and its outcome against the threshold
     * @param state the state the finder read from it
     */
    public record Step(double x, Difference diff, State state) {
    }

    /** What one common x says. */
    public enum State {
        /** {@code a} clearly ahead (beyond the threshold, or above the level). */
        A_AHEAD,
        /** {@code b} clearly ahead (or {@code a} clearly below the level). */
        B_AHEAD,
        /** Within the practical threshold of each other. */
        TIE,
        /** The forks cannot tell. */
        UNRESOLVED
    }

    /** True when at least one crossing was found. */
    public boolean crosses() {
        return !crossings.isEmpty();
    }

    /** The states along x in runs: "FIXED_CORES ahead at 1, 10; tie at 100; unresolved at 1000". */
    public String statesText() {
        List<String> runs = new ArrayList<>();
        State cur = null;
        List<String> xs = new ArrayList<>();
        for (Step s : steps) {
            if (s.state() != cur && cur != null) {
                runs.add(word(cur) + " at " + String.join(", ", xs));
                xs.clear();
            }
            cur = s.state();
            xs.add(Fmt.num(s.x()));
        }
        if (cur != null) {
            runs.add(word(cur) + " at " + String.join(", ", xs));
        }
        return String.join("; ", runs);
    }

    private String word(State s) {
        return switch (s) {
            case A_AHEAD -> threshold == 0 ? "above " + b : a + " ahead";
            case B_AHEAD -> threshold == 0 ? "below " + b : b + " ahead";
            case TIE -> "tie (within " + Math.round(threshold * 100) + "%)";
            case UNRESOLVED -> "unresolved";
        };
    }

    /** One sentence: the crossing(s), or what holds between the ends of the range instead. */
    public String describe() {
        if (commonPoints < 2) {
            return a + " vs " + b + ": fewer than two common " + xParam + " values were measured; no crossover can be located";
        }
        String range = xParam + " = " + Fmt.num(xMin) + " and " + Fmt.num(xMax);
        if (crossings.isEmpty()) {
            if (tieEverywhere) {
                return a + " and " + b + " are within " + Math.round(threshold * 100) + "% of each other at every point between "
                        + range + ": a tie, no crossover";
            }
            return "no crossing between " + range + " (" + statesText() + ")";
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
        return s + " (" + statesText() + ")";
    }

    /** The outcome at {@code x}, or null when x is not a common point. */
    public Outcome outcomeAt(double x) {
        return steps.stream().filter(s -> s.x() == x).map(s -> s.diff().outcome()).findFirst().orElse(null);
    }
}
