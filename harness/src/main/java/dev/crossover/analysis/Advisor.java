package dev.crossover.analysis;

import dev.crossover.results.BadInputException;
import dev.crossover.sizing.CpuBudget;
import dev.crossover.sizing.PoolSizer;
import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code advise --compute 200us --wait 5ms}: what to use for a task of C µs compute and W µs wait,
 * read from the run's {@link DecisionMap}. A task with no wait is read from the CPU-bound axis,
 * one with wait from the mixed axis. A question is inside what was measured only at a measured point
 * (compute and wait each within {@value #SAME_POINT_PERCENT}% of it): another compute size is outside,
 * and the advice then says so, quotes the nearest measured decisions and gives no throughput read off
 * a curve measured for another task. Whatever it states, a throughput never exceeds what the cores
 * allow for the given compute, cores ÷ C, nor, for a pool of N threads, N ÷ (C + W).
 */
public final class Advisor {

    /** How close, in percent of compute and of wait, a question must be to a measured point to count as measured. */
    static final int SAME_POINT_PERCENT = 10;

    private Advisor() {
    }

    /**
     * The advice.
     *
     * @param computeMicros  the question's compute per task
     * @param waitMicros     the question's wait per task
     * @param waitFraction   W/(C+W)
     * @param measured       true when the question lies at a measured point
     * @param use            what to use, in words
     * @param workers        platform threads or child JVMs to start; null for a virtual thread per task
     *                       or when the answer is a tie between kinds
     * @param throughput     tasks/s the advice states: measured at the point, or interpolated between
     *                       two measured task sizes of the same decision; NaN when nothing honest can be read
     * @param ceiling        tasks/s the cores allow for this compute (cores ÷ C, and N ÷ (C + W) for a
     *                       pool of N); NaN without a core count or compute
     * @param ceilingText    how the ceiling was worked out
     * @param distance       how far the question lies from the measured points
     * @param lines          the reasoning, one line each
     */
    public record Advice(double computeMicros, double waitMicros, double waitFraction, boolean measured, String use,
                         Integer workers, double throughput, double ceiling, String ceilingText, String distance,
                         List<String> lines) {
    }

    private static final Pattern DURATION = Pattern.compile("^\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(ns|us|µs|ms|s)?\\s*$");

    /** Parses "200us", "5ms", "0.5s", "1500ns", "200" (microseconds) into microseconds. */
    public static double parseMicros(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number with a unit: 200us, 5ms, 0.5s, 1500ns");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "us" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ns" -> v / 1000;
            case "ms" -> v * 1000;
            case "s" -> v * 1e6;
            default -> v;
        };
    }

    /** Advice at the default tie threshold. */
    public static Advice advise(Analysis analysis, double computeMicros, double waitMicros) throws BadInputException {
        return advise(analysis, computeMicros, waitMicros, Difference.DEFAULT_THRESHOLD);
    }

    /** Advice for a task of {@code computeMicros} compute and {@code waitMicros} wait, ties judged against {@code threshold}. */
    public static Advice advise(Analysis analysis, double computeMicros, double waitMicros, double threshold) throws BadInputException {
        if (!(computeMicros >= 0) || !(waitMicros >= 0) || computeMicros + waitMicros <= 0) {
            throw new BadInputException("--compute and --wait must be ≥ 0 and not both 0 (got " + computeMicros + " µs and " + waitMicros + " µs)");
        }
        DecisionMap map = DecisionMap.of(analysis, threshold);
        return waitMicros == 0 ? cpuOnly(analysis, map, computeMicros) : mixed(analysis, map, computeMicros, waitMicros);
    }

    private static Advice cpuOnly(Analysis analysis, DecisionMap map, double c) throws BadInputException {
        DecisionMap.Axis axis = map.axis(Answer.Shape.CPU);
        if (axis == null || !Double.isFinite(map.microsPerUnit())) {
            throw new BadInputException(where(analysis) + " has no CpuBoundBench.taskSizeSweep and CpuUnitBench.unit results to advise "
                    + "on a task without wait; run 'mvn verify -Pbench -Dbench.claims=X2' first");
        }
        Integer cores = map.cores();
        double ceiling = cores == null || c <= 0 ? Double.NaN : cores * 1e6 / c;
        String ceilingText = cores == null ? "no core count in the run's metadata: no ceiling"
                : "at most " + Fmt.num(ceiling) + " tasks/s: " + cores + " cores ÷ " + Fmt.micros(c) + " of compute per task";
        List<String> lines = new ArrayList<>();
        lines.add("task: " + Fmt.micros(c) + " of compute, no wait (≈ " + Fmt.num(c / map.microsPerUnit()) + " work units of "
                + Fmt.micros(map.microsPerUnit()) + ")");
        List<Answer> pts = axis.points();
        Answer same = pts.stream().filter(p -> near(p.computeMicros(), c)).findFirst().orElse(null);
        if (same != null) {
            lines.add("measured at " + same.xText() + ": " + plain(same.decision()) + (same.versus() == null ? "" : ", " + same.marginText()));
            same.tied().forEach(t -> lines.add(t.label() + ": " + t.evidence().scoreText() + "; " + t.cost().text()));
            double thr = Math.min(same.best().evidence().score(), finiteOr(ceiling, Double.MAX_VALUE));
            return new Advice(c, 0, 0, true, plain(same.decision()), workers(same, cores), thr, ceiling, ceilingText,
                    "at a measured task size (" + Fmt.micros(same.computeMicros()) + ")", lines);
        }
        Answer lo = null;
        Answer hi = null;
        for (Answer p : pts) {
            if (p.computeMicros() < c) {
                lo = p;
            } else if (hi == null) {
                hi = p;
            }
        }
        String measuredSizes = Fmt.micros(pts.getFirst().computeMicros()) + ", …, " + Fmt.micros(pts.getLast().computeMicros());
        if (lo == null || hi == null) {
            Answer nearest = lo == null ? hi : lo;
            lines.add("nearest measured task size " + nearest.xText() + ": " + plain(nearest.decision()));
            return new Advice(c, 0, 0, false, plain(nearest.decision()) + " (as at the nearest measured size)", workers(nearest, cores),
                    Double.NaN, ceiling, ceilingText, "outside the measured task sizes (" + measuredSizes + "): read at the nearest, "
                    + nearest.xText() + "; no throughput is read off another task size", lines);
        }
        lines.add("measured below: " + lo.xText() + ": " + plain(lo.decision()));
        lines.add("measured above: " + hi.xText() + ": " + plain(hi.decision()));
        boolean sameDecision = lo.decisionKey().equals(hi.decisionKey());
        Answer basis = sameDecision || Math.abs(Math.log(c / lo.computeMicros())) <= Math.abs(Math.log(hi.computeMicros() / c)) ? lo : hi;
        String use = plain(basis.decision()) + (sameDecision ? "" : " (the nearer measured size; the decision changes between "
                + Fmt.micros(lo.computeMicros()) + " and " + Fmt.micros(hi.computeMicros()) + ")");
        double thr = Double.NaN;
        if (sameDecision) {
            // throughput of the same choice falls as 1/C between two measured sizes: interpolate in log-log, never above the ceiling
            double t = Math.log(c / lo.computeMicros()) / Math.log(hi.computeMicros() / lo.computeMicros());
            String bestId = lo.best().id();
            DecisionMap.Choice atHi = hi.ranked().stream().filter(x -> x.id().equals(bestId)).findFirst().orElse(hi.best());
            thr = Math.exp(Math.log(lo.best().evidence().score()) + t * (Math.log(atHi.evidence().score()) - Math.log(lo.best().evidence().score())));
            thr = Math.min(thr, finiteOr(ceiling, Double.MAX_VALUE));
        }
        return new Advice(c, 0, 0, false, use, workers(basis, cores), thr, ceiling, ceilingText,
                "outside what was measured: another task size than the measured " + measuredSizes + "; between " + lo.xText() + " and "
                        + hi.xText() + (sameDecision ? ", which agree; the throughput is interpolated, not measured" : ", which disagree"), lines);
    }

    private static Advice mixed(Analysis analysis, DecisionMap map, double c, double w) throws BadInputException {
        DecisionMap.Axis axis = map.axis(Answer.Shape.MIXED);
        if (axis == null) {
            throw new BadInputException(where(analysis) + " has no MixedBench.mixed results to advise from; "
                    + "run 'mvn verify -Pbench -Dbench.claims=X4' (or the quick preset) first");
        }
        Integer cores = map.cores();
        double wf = w / (c + w);
        double ratio = w / Math.max(c, PoolSizer.MIN_COMPUTE_MICROS);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "task: %s compute + %s wait → wait fraction %.3f (W/C = %s)",
                Fmt.micros(c), Fmt.micros(w), wf, Fmt.num(ratio)));
        Integer formula = null;
        if (cores != null) {
            formula = PoolSizer.resolve("formula", new CpuBudget(cores, "run metadata", cores, Double.NaN, null, null, List.of()), ratio);
            int raw = (int) Math.ceil(cores * (1 + ratio));
            lines.add("blocking formula cores × (1 + W/C) = " + cores + " × (1 + " + Fmt.num(ratio) + ") = " + raw + " threads"
                    + (raw > PoolSizer.DEFAULT_CAP ? ", capped at " + PoolSizer.DEFAULT_CAP
                    + " as the benchmarks cap it (beyond that platform threads cost more than they give; virtual threads have no such cap)" : ""));
        }
        Answer same = axis.points().stream().filter(p -> near(p.computeMicros(), c) && near(p.waitMicros(), w)).findFirst().orElse(null);
        Answer nearest = same != null ? same : axis.points().stream()
                .min(Comparator.comparingDouble(p -> Math.abs(logOdds(p.x()) - logOdds(wf)))).orElseThrow();
        DecisionMap.Choice pick = nearest.best();
        Integer workers = same != null ? (pick.id().equals("virtual") ? null : pick.id().equals("pool-cores") ? cores : sizeOf(pick))
                : workersFor(pick, cores, formula);
        double ceiling = ceiling(cores, c, w, workers, pick);
        String ceilingText = ceilingText(cores, c, w, workers, pick, ceiling);
        if (same != null) {
            lines.add("measured at " + same.xText() + ": " + plain(same.decision()) + (same.versus() == null ? "" : ", " + same.marginText()));
            same.tied().forEach(t -> lines.add(t.label() + ": " + t.evidence().scoreText() + "; " + t.cost().text()));
            double thr = Math.min(pick.evidence().score(), finiteOr(ceiling, Double.MAX_VALUE));
            return new Advice(c, w, wf, true, plain(same.decision()), same.outcome() == Outcome.TIE ? null : workers,
                    thr, ceiling, ceilingText, "at a measured point (" + same.xText() + ")", lines);
        }
        lines.add("nearest measured mix: " + nearest.xText() + ": " + plain(nearest.decision())
                + (nearest.versus() == null ? "" : ", " + nearest.marginText()));
        String use;
        if (nearest.outcome() == Outcome.AHEAD) {
            use = recommend(pick, workers) + " (as at the nearest measured mix, " + nearest.xText() + ")";
        } else {
            List<DecisionMap.Choice> alike = nearest.outcome() == Outcome.TIE ? nearest.tied() : List.of(pick, nearest.runnerUp());
            Integer f = formula;
            use = String.join(" or ", alike.stream().map(x -> recommend(x, workersFor(x, cores, f))).toList())
                    + (nearest.outcome() == Outcome.TIE ? " (a tie" : " (not resolved") + " at the nearest measured mix, " + nearest.xText() + ")";
            workers = null;
        }
        String measured = String.join("; ", axis.points().stream().map(p -> Fmt.micros(p.computeMicros()) + " + " + Fmt.micros(p.waitMicros())).toList());
        return new Advice(c, w, wf, false, use, workers, Double.NaN, ceiling, ceilingText,
                "outside what was measured: the mixed load ran " + measured + " (compute + wait); yours is " + Fmt.micros(c) + " + "
                        + Fmt.micros(w) + ", so no throughput is read off those curves; the ranking at the nearest wait fraction is the evidence", lines);
    }

    private static double ceiling(Integer cores, double c, double w, Integer workers, DecisionMap.Choice pick) {
        if (cores == null || c <= 0) {
            return Double.NaN;
        }
        double cpu = cores * 1e6 / c;
        if (workers != null && !pick.id().startsWith("virtual")) {
            // Little's law: N threads each holding a task for C + W µs
            cpu = Math.min(cpu, workers * 1e6 / (c + w));
        }
        return cpu;
    }

    private static String ceilingText(Integer cores, double c, double w, Integer workers, DecisionMap.Choice pick, double ceiling) {
        if (!Double.isFinite(ceiling)) {
            return "no core count in the run's metadata: no ceiling";
        }
        String s = "at most " + Fmt.num(ceiling) + " tasks/s: " + cores + " cores ÷ " + Fmt.micros(c) + " of compute per task = "
                + Fmt.num(cores * 1e6 / c);
        if (workers != null && !pick.id().startsWith("virtual")) {
            s += ", and " + workers + " threads ÷ " + Fmt.micros(c + w) + " per task = " + Fmt.num(workers * 1e6 / (c + w));
        }
        return s + " (a bound, not a measurement)";
    }

    /** The size of the question's own pool for a measured choice: the formula recomputed for its W/C. */
    private static Integer workersFor(DecisionMap.Choice pick, Integer cores, Integer formula) {
        return switch (pick.id()) {
            case "virtual" -> null;
            case "pool-cores" -> cores;
            case "pool-formula" -> formula;
            case "pool-2formula" -> formula == null ? null : Math.min(2 * formula, PoolSizer.DEFAULT_CAP);
            default -> sizeOf(pick);
        };
    }

    /** "a platform pool of 200 (formula)" → 200. */
    private static Integer sizeOf(DecisionMap.Choice pick) {
        Matcher m = Pattern.compile("pool of ([0-9]+)").matcher(pick.label());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static String recommend(DecisionMap.Choice pick, Integer workers) {
        return switch (pick.id()) {
            case "virtual" -> "a virtual thread per task";
            case "pool-cores" -> "a platform pool of " + (workers == null ? "cores" : workers) + " threads (the cores)";
            case "pool-formula" -> "a platform pool of " + (workers == null ? "the formula size" : workers + " threads") + " (the blocking formula for your task)";
            case "pool-2formula" -> "a platform pool of " + (workers == null ? "twice the formula size" : workers + " threads") + " (2 × the blocking formula for your task)";
            default -> pick.label();
        };
    }

    private static Integer workers(Answer a, Integer cores) {
        if (a.outcome() == Outcome.TIE) {
            return null;
        }
        String id = a.best().id();
        return id.equals("caller") ? Integer.valueOf(1) : id.equals("virtual") ? null : cores;
    }

    private static boolean near(double measured, double asked) {
        if (measured == asked) {
            return true;
        }
        return Double.isFinite(measured) && measured > 0 && Math.abs(asked - measured) <= measured * SAME_POINT_PERCENT / 100.0;
    }

    private static double logOdds(double wf) {
        double f = Math.min(Math.max(wf, 1e-4), 1 - 1e-4);
        return Math.log(f / (1 - f));
    }

    private static double finiteOr(double v, double otherwise) {
        return Double.isFinite(v) ? v : otherwise;
    }

    private static String plain(String markdown) {
        return markdown.replace("**", "");
    }

    private static String where(Analysis analysis) {
        return analysis.data().runDir() != null ? "the run " + analysis.data().runDir() : "the results " + analysis.data().files();
    }
}
