package dev.crossover.analysis;

import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

import java.util.List;

/**
 * What to use at one measured point of a load shape: every choice measured there, best first, and
 * how the best compares with the runner-up on fork means ({@link Difference}). A winner is named
 * only when that interval lies wholly beyond the tie threshold ({@link Outcome#AHEAD}); when it lies
 * within it the best ties with every choice whose own interval against it does ({@link #tied}, least
 * resident memory first).
 *
 * @param shape     the load shape
 * @param x         the point on the shape's axis: µs of work per task (CPU-bound), requests in
 *                  flight (I/O-bound), wait fraction (mixed)
 * @param xText     the point in words, e.g. "9.42 µs of work per task"
 * @param computeMicros µs of compute per task at this point; NaN when the benchmark does not fix it
 * @param waitMicros    µs of blocking wait per task at this point (0 for CPU-bound work)
 * @param ranked    every choice measured here, best first
 * @param versus    the best against the runner-up; null when only one choice was measured
 * @param tied      the best and every choice tying with it, least memory first (just the best when it is
 *                  not a tie)
 */
public record Answer(Shape shape, double x, String xText, double computeMicros, double waitMicros, List<DecisionMap.Choice> ranked,
                     Difference versus, List<DecisionMap.Choice> tied) {

    /** The three load shapes the map covers. */
    public enum Shape {
        CPU("CPU-bound"), IO("I/O-bound"), MIXED("mixed");

        private final String word;

        Shape(String word) {
            this.word = word;
        }

        /** "CPU-bound", "I/O-bound", "mixed". */
        public String word() {
            return word;
        }
    }

    public Answer {
        ranked = List.copyOf(ranked);
        tied = List.copyOf(tied);
    }

    /** The choice with the best score. */
    public DecisionMap.Choice best() {
        return ranked.getFirst();
    }

    /** The second best, or null. */
    public DecisionMap.Choice runnerUp() {
        return ranked.size() > 1 ? ranked.get(1) : null;
    }

    /** The best against the runner-up: AHEAD, TIE or UNRESOLVED; UNRESOLVED with a single choice. */
    public Outcome outcome() {
        return versus == null ? Outcome.UNRESOLVED : versus.outcome();
    }

    /** What the point says, the same for points that belong to one region of the map. */
    String decisionKey() {
        return switch (outcome()) {
            case AHEAD -> "ahead:" + best().id();
            case TIE -> "tie:" + tied.stream().map(DecisionMap.Choice::id).sorted().toList();
            default -> "unresolved:" + (runnerUp() == null ? List.of(best().id())
                    : java.util.stream.Stream.of(best().id(), runnerUp().id()).sorted().toList());
        };
    }

    /**
     * The decision in words: "**the calling thread**" when it is ahead, "a tie: A, B" within the
     * threshold, "A or B (not resolved: more forks would tell)" otherwise.
     */
    public String decision() {
        return switch (outcome()) {
            case AHEAD -> "**" + best().label() + "**";
            case TIE -> "a tie, least memory first: " + String.join(" = ", tied.stream().map(DecisionMap.Choice::label).toList());
            default -> runnerUp() == null ? best().label() + " (the only choice measured)"
                    : best().label() + " or " + runnerUp().label() + " (not resolved)";
        };
    }

    /** "+28% [+21%, +35%] over the platform pool of 2", or "" without a runner-up. */
    public String marginText() {
        return versus == null ? "" : versus.text() + " over " + runnerUp().label();
    }
}
