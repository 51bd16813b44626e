package dev.crossover.results;

import java.util.Locale;

/** Direction and scale of JMH units. */
public final class Units {

    private Units() {
    }

    /**
     * Whether a higher score is better. JMH throughput ({@code thrpt}, unit {@code ops/…}) is higher
     * is better; {@code avgt}, {@code sample} and {@code ss} (unit {@code …/op}) are lower is better.
     * For secondary metrics the unit decides: a rate ({@code …/s}, {@code ops/…}) is higher-better
     * unless it is an allocation or GC figure, where less is better.
     */
    public static boolean higherIsBetter(String mode, String unit) {
        String u = unit == null ? "" : unit.toLowerCase(Locale.ROOT);
        if (u.endsWith("/op")) {
            return false;
        }
        if (u.startsWith("ops/")) {
            return true;
        }
        return "thrpt".equals(mode);
    }

    /** Nanoseconds in one of JMH's time units ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code min}), or NaN. */
    public static double nanosPer(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> Double.NaN;
        };
    }

    /**
     * Converts a score to operations per second, whatever JMH unit it came in ({@code ops/ms},
     * {@code us/op}, …); NaN for units that are not time based.
     */
    public static double toOpsPerSecond(double score, String unit) {
        int slash = unit.indexOf('/');
        if (slash < 0) {
            return Double.NaN;
        }
        String num = unit.substring(0, slash);
        String den = unit.substring(slash + 1);
        if (num.equals("ops")) {
            return score * 1e9 / nanosPer(den);
        }
        if (den.equals("op")) {
            return 1e9 / (score * nanosPer(num));
        }
        return Double.NaN;
    }

    /** Converts a score to seconds per operation; NaN for units that are not time based. */
    public static double toSecondsPerOp(double score, String unit) {
        return 1.0 / toOpsPerSecond(score, unit);
    }
}
