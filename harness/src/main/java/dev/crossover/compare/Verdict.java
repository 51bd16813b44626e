package dev.crossover.compare;

/** What a comparison concludes for one benchmark and metric. */
public enum Verdict {
    /** Significant after the grid's false-discovery control, and worse by more than the threshold. */
    REGRESSION("regression"),
    /** Significant, and better by more than the threshold. */
    IMPROVEMENT("improvement"),
    /** Not significant, or smaller than the threshold. */
    NO_CHANGE("no change"),
    /** Cannot be judged: one fork, no raw data, nothing finite; the notes say why and what would settle it. */
    INCONCLUSIVE("inconclusive"),
    /** Only in HEAD. */
    ADDED("added"),
    /** Only in BASE. */
    REMOVED("removed");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** Lower case, as shown in reports. */
    public String label() {
        return label;
    }
}
