package dev.crossover.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Adaptive refinement: the extra x values worth measuring to narrow a crossing that fell between
 * two grid points. The run command decides whether its time budget allows them, runs them, and
 * says in the report that it did.
 */
public final class Refinement {

    private Refinement() {
    }

    /**
     * Extra points for one crossing, ready for the run command: run {@code benchmark} again with
     * {@code xParam} set to each of {@code values} (the other params as in the original sweep).
     *
     * @param crossover the crossover ID, e.g. {@code X2}
     * @param benchmark {@code Class.method}
     * @param xParam    the param to vary
     * @param values    the new values, as JMH param strings
     * @param what      which curve pair, in words (for the report)
     * @param mode      the JMH mode the bracketing points ran in ({@code thrpt}, {@code ss}), null when unknown
     * @param fixed     per compared curve, the params exactly as JMH ran its bracketing point, without
     *                  {@code xParam}; empty when the run cannot be repeated as is
     * @param blocker   why the points cannot be run by repeating the bracketing points' params, or null
     */
    public record Proposal(String crossover, String benchmark, String xParam, List<String> values, String what,
                           String mode, List<java.util.Map<String, String>> fixed, String blocker) {

        public Proposal {
            values = List.copyOf(values);
            fixed = fixed.stream().map(m -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m))).toList();
        }

        /** A proposal without the bracketing points' params (analysis of loose files). */
        public Proposal(String crossover, String benchmark, String xParam, List<String> values, String what) {
            this(crossover, benchmark, xParam, values, what, null, List.of(), "the bracketing points' params are unknown");
        }

        /** "X2 PROCESS_PIPE 90% of THREADS: taskUnits = 327, 525". */
        public String describe() {
            return what + ": " + xParam + " = " + String.join(", ", values);
        }
    }

    /**
     * Up to {@code count} new x values strictly between the crossing's bracketing grid points,
     * spread geometrically (evenly when the bracket starts at or below zero) over the part of the
     * bracket the crossing's interval covers. Integer params ({@code integral}) are rounded and
     * deduplicated, so fewer may come back; a crossing at a grid point needs none.
     */
    public static List<Double> propose(Crossing c, int count, boolean integral) {
        if (c.gridHit() || count <= 0 || !(c.bracketHi() > c.bracketLo())) {
            return List.of();
        }
        double from = c.bracketLo();
        double to = c.bracketHi();
        if (!c.errorsUnknown()) {
            // the interval may be narrower than the bracket: spend the points where the answer can be
            from = Math.max(from, c.loOpen() ? from : c.lo());
            to = Math.min(to, c.hiOpen() ? to : c.hi());
            if (!(to > from)) {
                from = c.bracketLo();
                to = c.bracketHi();
            }
        }
        boolean geometric = from > 0;
        TreeSet<Double> out = new TreeSet<>();
        for (int i = 1; i <= count; i++) {
            double t = (double) i / (count + 1);
            double v = geometric ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
            if (integral) {
                v = Math.rint(v);
            }
            if (v > c.bracketLo() && v < c.bracketHi()) {
                out.add(v);
            }
        }
        return new ArrayList<>(out);
    }

    /** The proposals as param strings ("316", "0.95"), ready to pass to JMH with {@code -p}. */
    public static List<String> asParams(List<Double> xs) {
        return xs.stream().map(v -> v == Math.rint(v) ? String.valueOf((long) (double) v)
                : new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString()).toList();
    }
}
