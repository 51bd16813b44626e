package dev.crossover.run;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Progress lines of a run: which group and configuration of how many, time elapsed, and what remains,
 * the remaining estimate scaled by how the estimate has fared so far.
 */
public final class Progress {

    private final double totalEstimate;
    private final long startNanos;
    private double doneEstimate;

    /** @param totalEstimateSeconds the plan's estimate */
    public Progress(double totalEstimateSeconds) {
        this(totalEstimateSeconds, System.nanoTime());
    }

    Progress(double totalEstimateSeconds, long startNanos) {
        this.totalEstimate = totalEstimateSeconds;
        this.startNanos = startNanos;
    }

    /** Sets how many of the estimated seconds are done (configurations and groups finished). */
    public synchronized void done(double estimateSeconds) {
        doneEstimate = Math.max(0, Math.min(totalEstimate, estimateSeconds));
    }

    /** Seconds since the start. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Remaining seconds: the estimate left, scaled by actual/estimated so far once there is evidence. */
    public synchronized double remainingSeconds(double elapsed) {
        double left = totalEstimate - doneEstimate;
        if (doneEstimate > 0 && elapsed > 0) {
            left *= Math.max(0.25, Math.min(4.0, elapsed / doneEstimate));
        }
        return Math.max(0, left);
    }

    /**
     * {@code [group 3/12] CpuBoundBench.poolSweep executor=THREADS poolSize=2 (config 2/16), elapsed 2m10s, ~5m left}.
     */
    public String line(int group, int groups, String name, Map<String, String> params, int config, int configs) {
        double elapsed = elapsedSeconds();
        return format(group, groups, name, params, config, configs, elapsed, remainingSeconds(elapsed));
    }

    static String format(int group, int groups, String name, Map<String, String> params, int config, int configs,
                         double elapsedSeconds, double remainingSeconds) {
        String p = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return "[group " + group + "/" + groups + "] " + name + (p.isEmpty() ? "" : " " + p)
                + " (config " + config + "/" + configs + "), elapsed " + duration(elapsedSeconds)
                + ", ~" + duration(remainingSeconds) + " left";
    }

    /** {@code 45s}, {@code 2m10s}, {@code 1h05m}. */
    public static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }

    /** Same as {@link #duration(double)}. */
    public static String duration(Duration d) {
        return duration(d.toMillis() / 1000.0);
    }
}
