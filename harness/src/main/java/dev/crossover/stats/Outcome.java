package dev.crossover.stats;

/** What an interval on "how much better is a than b" allows one to say, against a practical threshold. */
public enum Outcome {
    /** The whole interval lies beyond the threshold in a's favour: a wins, and by more than a tie. */
    AHEAD,
    /** The whole interval lies beyond the threshold in b's favour. */
    BEHIND,
    /** The whole interval lies within the threshold either side of 1: a practical tie. */
    TIE,
    /** The interval reaches both into the tie band and out of it, or could not be computed: more forks would tell. */
    UNRESOLVED;

    /** "ahead", "behind", "tie", "unresolved" as written in reports. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
