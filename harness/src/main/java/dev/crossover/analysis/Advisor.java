package dev.crossover.analysis;

import dev.crossover.results.BadInputException;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code advise --compute 200us --wait 5ms}: the executor and pool size for a task of C µs compute
 * and W µs wait, read from a run's measured mixed-load curves (MixedBench, X4) at the task's wait
 * fraction W/(C+W): between measured wait fractions the scores are interpolated in log(W/C) (linearly
 * in the fraction next to 0); outside them the nearest is used, and the advice says how far the
 * question lies from what was measured. A task with no wait is read from the CPU-bound task-size
 * sweep instead.
 */
public final class Advisor {

    private Advisor() {
    }

    /**
     * One estimate per measured pool configuration.
     *
     * @param config  the pool, e.g. {@code formula}
     * @param score   interpolated score at the question's wait fraction
     * @param error   interpolated score error (NaN when unknown)
     * @param unit    unit
     */
    public record Estimate(String config, double score, double error, String unit) {
    }

    /**
     * The advice.
     *
     * @param computeMicros the question's compute per task
     * @param waitMicros    the question's wait per task
     * @param waitFraction  W/(C+W)
     * @param best          the recommended configuration, in words
     * @param workers       the recommended number of workers, or null for "a virtual thread per task"
     * @param estimates     every configuration, best first
     * @param distance      how far the question lies from the measured points
     * @param lines         the reasoning, one line each
     */
    public record Advice(double computeMicros, double waitMicros, double waitFraction, String best, Integer workers,
                         List<Estimate> estimates, String distance, List<String> lines) {
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

    /** Advice for a task of {@code computeMicros} compute and {@code waitMicros} wait, from {@code analysis}'s run. */
    public static Advice advise(Analysis analysis, double computeMicros, double waitMicros) throws BadInputException {
        if (!(computeMicros >= 0) || !(waitMicros >= 0) || computeMicros + waitMicros <= 0) {
            throw new BadInputException("--compute and --wait must be ≥ 0 and not both 0 (got " + computeMicros + " µs and " + waitMicros + " µs)");
        }
        Analysis.Context ctx = new Analysis.Context(analysis.data(), analysis.catalog());
        Integer cores = ctx.cores;
        double wf = waitMicros / (computeMicros + waitMicros);
        if (waitMicros == 0) {
            return cpuOnly(ctx, computeMicros);
        }
        Map<String, Curve> curves = Curves.of(analysis.data().results(), "MixedBench.mixed", "thrpt",
                ParamNames.WAIT_FRACTION, ParamNames.POOL_SIZE, ctx.sizes);
        if (curves.isEmpty()) {
            throw new BadInputException(where(analysis) + " has no MixedBench.mixed results to advise from; "
                    + "run 'mvn verify -Pbench -Dbench.claims=X4' (or the quick preset) first");
        }
        List<Estimate> est = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double nearest = Double.NaN;
        for (Curve c : curves.values()) {
            for (Point p : c.points()) {
                min = Math.min(min, p.x());
                max = Math.max(max, p.x());
                if (Double.isNaN(nearest) || Math.abs(p.x() - wf) < Math.abs(nearest - wf)) {
                    nearest = p.x();
                }
            }
            double[] v = interpolate(c, wf);
            est.add(new Estimate(c.label(), v[0], v[1], c.unit()));
        }
        est.sort(Comparator.comparingDouble(Estimate::score).reversed());
        Estimate top = est.getFirst();
        double ratio = waitMicros / Math.max(computeMicros, 1e-9);
        Integer workers = workers(top.config(), cores, ratio, ctx);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "task: %s µs compute + %s µs wait → wait fraction %.3f (W/C = %s)",
                Fmt.num(computeMicros), Fmt.num(waitMicros), wf, Fmt.num(ratio)));
        if (cores != null) {
            int raw = (int) Math.ceil(cores * (1 + ratio));
            lines.add("blocking formula cores × (1 + W/C) = " + cores + " × (1 + " + Fmt.num(ratio) + ") = " + raw + " workers"
                    + (raw > dev.crossover.sizing.PoolSizer.DEFAULT_CAP ? ", capped at " + dev.crossover.sizing.PoolSizer.DEFAULT_CAP
                    + " as the benchmarks cap it (beyond that platform threads cost more than they give; virtual threads have no such cap)" : ""));
        }
        for (Estimate e : est) {
            lines.add("pool " + e.config() + ": ≈ " + Fmt.score(e.score(), e.error(), e.unit()) + " at wait fraction " + String.format(Locale.ROOT, "%.3f", wf));
        }
        String margin;
        if (est.size() > 1) {
            Estimate second = est.get(1);
            boolean apart = Double.isFinite(top.error()) && Double.isFinite(second.error())
                    && top.score() - top.error() > second.score() + second.error();
            boolean unknown = !Double.isFinite(top.error()) || !Double.isFinite(second.error());
            margin = Fmt.pct(top.score() / second.score()) + " over pool " + second.config()
                    + (apart ? "" : unknown ? "; score errors unknown: not a decided win" : "; within error: a tie");
        } else {
            margin = "the only configuration measured";
        }
        String distance;
        if (wf < min || wf > max) {
            distance = String.format(Locale.ROOT, "outside the measured wait fractions %s – %s: read at the nearest, %s (%.3f away); "
                    + "measure it: -Dbench.claims=X4 with waitFraction=%.3f", Fmt.num(min), Fmt.num(max), Fmt.num(nearest), Math.abs(nearest - wf), wf);
        } else if (wf == nearest) {
            distance = "at a measured wait fraction (" + Fmt.num(nearest) + ")";
        } else {
            distance = String.format(Locale.ROOT, "between measured wait fractions (nearest %s, %.3f away): interpolated", Fmt.num(nearest), Math.abs(nearest - wf));
        }
        Map<String, String> fixed = otherParams(analysis);
        if (!fixed.isEmpty()) {
            distance += "; the curves were measured with " + fixed + " — absolute rates scale with the task's length, the ranking is what carries over";
        }
        String best = describe(top.config(), workers) + " (" + margin + ")";
        return new Advice(computeMicros, waitMicros, wf, best, workers, est, distance, lines);
    }

    private static Advice cpuOnly(Analysis.Context ctx, double computeMicros) throws BadInputException {
        double us = CrossoverRules.microsPerUnit(ctx);
        Map<String, Curve> curves = Curves.of(ctx.results, "CpuBoundBench.taskSizeSweep", "thrpt",
                ParamNames.TASK_UNITS, ParamNames.EXECUTOR, ctx.sizes);
        if (curves.isEmpty() || !Double.isFinite(us)) {
            throw new BadInputException(where(ctx) + " has no CpuBoundBench.taskSizeSweep and CpuUnitBench.unit results to advise "
                    + "on a task without wait; run 'mvn verify -Pbench -Dbench.claims=X2' first");
        }
        double units = computeMicros / us;
        List<Estimate> est = new ArrayList<>();
        for (Curve c : curves.values()) {
            double[] v = interpolate(c, units);
            est.add(new Estimate(c.label(), v[0], v[1], c.unit()));
        }
        est.sort(Comparator.comparingDouble(Estimate::score).reversed());
        Estimate top = est.getFirst();
        List<String> lines = new ArrayList<>();
        lines.add("task: " + Fmt.num(computeMicros) + " µs of compute, no wait ≈ " + Fmt.num(units) + " work units of " + Fmt.num(us) + " µs");
        for (Estimate e : est) {
            lines.add(e.config() + " at pool = cores: ≈ " + Fmt.score(e.score(), e.error(), e.unit()));
        }
        double[] xs = curves.values().iterator().next().xs();
        String distance = units < xs[0] || units > xs[xs.length - 1]
                ? "outside the measured task sizes " + Fmt.num(xs[0]) + " – " + Fmt.num(xs[xs.length - 1]) + " units: read at the nearest"
                : "within the measured task sizes: interpolated in log task size";
        String margin = "";
        if (est.size() > 1) {
            Estimate second = est.get(1);
            boolean unknown = !Double.isFinite(top.error()) || !Double.isFinite(second.error());
            boolean apart = !unknown && top.score() - top.error() > second.score() + second.error();
            margin = " (" + Fmt.pct(top.score() / second.score()) + " over " + second.config()
                    + (apart ? "" : unknown ? "; score errors unknown: not a decided win" : "; within error: a tie") + ")";
        }
        return new Advice(computeMicros, 0, 0, top.config() + " with " + (ctx.cores == null ? "one worker per core" : ctx.cores + " workers (the cores)") + margin,
                ctx.cores, est, distance, lines);
    }

    /** Score and error at x: interpolated between the bracketing points (log x when both are positive), else the nearest. */
    static double[] interpolate(Curve c, double x) {
        List<Point> ps = c.points();
        if (x <= ps.getFirst().x()) {
            return new double[]{ps.getFirst().y(), ps.getFirst().error()};
        }
        if (x >= ps.getLast().x()) {
            return new double[]{ps.getLast().y(), ps.getLast().error()};
        }
        for (int i = 0; i + 1 < ps.size(); i++) {
            Point a = ps.get(i);
            Point b = ps.get(i + 1);
            if (x >= a.x() && x <= b.x()) {
                double t = u(a.x(), c) == u(b.x(), c) ? 0 : (u(x, c) - u(a.x(), c)) / (u(b.x(), c) - u(a.x(), c));
                if (a.x() <= 0) {
                    t = (x - a.x()) / (b.x() - a.x());
                }
                double y = a.y() > 0 && b.y() > 0 ? Math.exp(Math.log(a.y()) + t * (Math.log(b.y()) - Math.log(a.y())))
                        : a.y() + t * (b.y() - a.y());
                return new double[]{y, a.error() + t * (b.error() - a.error())};
            }
        }
        return new double[]{Double.NaN, Double.NaN};
    }

    /** Wait fractions are compared as log(W/C), the quantity the blocking formula uses; task sizes as log x. */
    private static double u(double x, Curve c) {
        if (c.xParam().equals(ParamNames.WAIT_FRACTION)) {
            return x > 0 && x < 1 ? Math.log(x / (1 - x)) : x;
        }
        return x > 0 ? Math.log(x) : x;
    }

    private static Integer workers(String config, Integer cores, double ratio, Analysis.Context ctx) {
        if (config.startsWith("virtual")) {
            return null;
        }
        if (cores != null && config.contains("formula")) {
            // as the benchmark sized it: PoolSizer's formula, capped at PoolSizer.DEFAULT_CAP
            try {
                return dev.crossover.sizing.PoolSizer.resolve(config, new dev.crossover.sizing.CpuBudget(cores, "run metadata", cores,
                        Double.NaN, null, null, List.of()), ratio);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        Double n = ctx.sizes.numeric(config);
        return n == null ? null : (int) Math.round(n);
    }

    private static String describe(String config, Integer workers) {
        if (config.startsWith("virtual")) {
            return "virtual threads, one per task";
        }
        return "a platform thread pool of " + (workers == null ? config : workers + " threads") + " (pool " + config + ")";
    }

    private static Map<String, String> otherParams(Analysis analysis) {
        Map<String, String> out = new java.util.TreeMap<>();
        analysis.data().results().stream().filter(r -> r.shortName().equals("MixedBench.mixed")).forEach(r -> r.params().forEach((k, v) -> {
            if (!k.equals(ParamNames.WAIT_FRACTION) && !k.equals(ParamNames.POOL_SIZE)) {
                out.put(k, v);
            }
        }));
        return out;
    }

    private static String where(Analysis analysis) {
        return analysis.data().runDir() != null ? "the run " + analysis.data().runDir() : "the results " + analysis.data().files();
    }

    private static String where(Analysis.Context ctx) {
        return ctx.data.runDir() != null ? "the run " + ctx.data.runDir() : "the results " + ctx.data.files();
    }
}
