package dev.crossover.analysis;

import java.util.Locale;

/** Number formatting for reports: three significant figures, no exponent for everyday magnitudes. */
public final class Fmt {

    private Fmt() {
    }

    /** 3 significant figures: 0.0123, 1.23, 123, 12300, 123000, 1.23e+06 (an exponent from a million on). */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        double a = Math.abs(v);
        // small integers and round param values (jobUnits 1000000) print as written
        if (v == Math.rint(v) && (a < 10000 || (a < 1e7 && v % 1000 == 0))) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (a >= 1000) {
            // 884198 ± 33246 claims more precision than JMH's error allows: 884000 ± 33200
            double step = Math.pow(10, Math.floor(Math.log10(a)) - 2);
            return String.format(Locale.ROOT, "%d", (long) (Math.rint(v / step) * step));
        }
        int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
        String s = String.format(Locale.ROOT, "%." + digits + "f", v);
        // 0.500 reads as 0.5: trailing zeros after the point carry no information here
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A score with its error and unit: "1.23e+06 ± 2.1e+04 ops/s", "± ?" when the error is unknown. */
    public static String score(double score, double error, String unit) {
        return num(score) + " ± " + (Double.isFinite(error) ? num(error) : "?") + " " + unit;
    }

    /** A ratio as a percentage difference: 1.23 → "+23%". */
    public static String pct(double ratio) {
        double p = (ratio - 1) * 100;
        return (p >= 0 ? "+" : "") + String.format(Locale.ROOT, Math.abs(p) < 10 ? "%.1f%%" : "%.0f%%", p);
    }

    /** A duration given in µs, in the unit that reads best: "482 µs", "17.7 ms", "1.46 s". */
    public static String micros(double us) {
        if (Math.abs(us) >= 1e6) {
            return num(us / 1e6) + " s";
        }
        if (Math.abs(us) >= 1e3) {
            return num(us / 1e3) + " ms";
        }
        return num(us) + " µs";
    }

    /** A ratio "×1.85". */
    public static String times(double ratio) {
        return "×" + num(ratio);
    }
}
