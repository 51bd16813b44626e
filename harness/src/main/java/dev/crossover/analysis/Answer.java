package dev.crossover.analysis;

/**
 * The best configuration for one load shape measured, with its margin over the runner-up.
 *
 * @param shape       "CPU-bound", "I/O-bound", "mixed"
 * @param condition   the point of the shape, e.g. "taskUnits = 1000 (≈ 850 µs per task)"
 * @param best        the winner, e.g. "THREADS, pool = 2"
 * @param bestEvidence its score
 * @param runnerUp    the next best (another executor or pool size), or null when there was only one
 * @param runnerUpEvidence its score, or null
 * @param margin      how many times better the winner is (1.07 = 7% ahead); NaN without a runner-up
 * @param significant true when the intervals do not overlap (otherwise a tie within noise)
 */
public record Answer(String shape, String condition, String best, Evidence bestEvidence, String runnerUp,
                     Evidence runnerUpEvidence, double margin, boolean significant) {

    /** "THREADS, pool = 2 (+7% over PROCESS_SHM, pool = 2)" or "… (tie within error with …)". */
    public String describe() {
        if (runnerUp == null) {
            return best + " (the only configuration measured)";
        }
        return best + (significant ? " (" + Fmt.pct(margin) + " over " + runnerUp + ")"
                : " (" + Fmt.pct(margin) + " over " + runnerUp + ", " + tieText() + ")");
    }

    /** Why the margin decides nothing: the intervals overlap, or JMH gave no error to tell. */
    public String tieText() {
        return errorsUnknown() ? "score errors unknown: not a decided win" : "within error: a tie";
    }

    /** True when the best or the runner-up has no score error (NaN). */
    public boolean errorsUnknown() {
        return !bestEvidence.errorKnown() || (runnerUpEvidence != null && !runnerUpEvidence.errorKnown());
    }
}
