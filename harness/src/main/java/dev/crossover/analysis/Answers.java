package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The answers a user came for: for each load shape measured (CPU-bound task sizes and pool sizes,
 * I/O concurrency, mixed wait fractions), the best executor and pool size with its margin over the
 * runner-up (the second best configuration of that point).
 */
public final class Answers {

    private Answers() {
    }

    static List<Answer> of(Analysis.Context ctx) {
        List<Answer> out = new ArrayList<>();
        List<BenchmarkResult> all = ctx.results;
        double us = CrossoverRules.microsPerUnit(ctx);
        String coresText = ctx.cores == null ? "cores" : "cores (" + ctx.cores + ")";

        // CPU-bound: executor at pool = cores, per task size
        out.addAll(group(Curves.select(all, "CpuBoundBench.taskSizeSweep", "thrpt"), ctx, ParamNames.TASK_UNITS,
                v -> "taskUnits = " + v + (Double.isFinite(us) && ctx.sizes.numeric(v) != null
                        ? " (≈ " + Fmt.micros(ctx.sizes.numeric(v) * us) + " of work per task)" : ""),
                r -> r.param(ParamNames.EXECUTOR) + ", pool = " + (r.param(ParamNames.POOL_SIZE) == null ? coresText
                        : poolText(ctx, r.param(ParamNames.POOL_SIZE))), "CPU-bound"));
        // CPU-bound: executor × pool size at the fixed task size
        out.addAll(group(Curves.select(all, "CpuBoundBench.poolSweep", "thrpt"), ctx, ParamNames.TASK_UNITS,
                v -> "taskUnits = " + v + ", every pool size", r -> r.param(ParamNames.EXECUTOR) + ", pool = "
                        + poolText(ctx, r.param(ParamNames.POOL_SIZE)), "CPU-bound, pool size"));
        // I/O-bound: executor per concurrency (and delay)
        out.addAll(group(Curves.select(all, "IoBoundBench.requests", "thrpt"), ctx, ParamNames.CONCURRENCY,
                v -> "concurrency = " + v, r -> r.param(ParamNames.EXECUTOR)
                        + (r.param(ParamNames.DELAY_MS) == null ? "" : " (delay " + r.param(ParamNames.DELAY_MS) + " ms)"), "I/O-bound"));
        // mixed: pool size per wait fraction
        out.addAll(group(Curves.select(all, "MixedBench.mixed", "thrpt"), ctx, ParamNames.WAIT_FRACTION,
                v -> "waitFraction = " + v, r -> "pool = " + mixedPoolText(ctx, r.param(ParamNames.POOL_SIZE), r.param(ParamNames.WAIT_FRACTION))
                        + (r.param(ParamNames.EXECUTOR) == null ? "" : ", " + r.param(ParamNames.EXECUTOR)), "mixed"));
        return out;
    }

    /**
     * MixedBench's pool sizes: a {@code formula} size depends on the wait fraction (wait ÷ compute =
     * wf ÷ (1 − wf)), so it is resolved here as the benchmark resolved it, e.g. "formula (= 200)".
     */
    static String mixedPoolText(Analysis.Context ctx, String v, String waitFraction) {
        if (v == null || !v.contains("formula") || ctx.cores == null || waitFraction == null) {
            return poolText(ctx, v);
        }
        String recorded = ctx.data.metadata().sizes().get(v + " (" + ParamNames.WAIT_FRACTION + "=" + waitFraction + ")");
        if (recorded != null) {
            return v + " (= " + recorded + ")"; // the number the run really used
        }
        try {
            double wf = Double.parseDouble(waitFraction);
            if (wf < 0 || wf >= 1) {
                return v;
            }
            dev.crossover.sizing.CpuBudget budget = new dev.crossover.sizing.CpuBudget(ctx.cores, "run metadata", ctx.cores,
                    Double.NaN, null, null, List.of());
            return v + " (= " + dev.crossover.sizing.PoolSizer.resolve(v, budget, wf / (1 - wf)) + ")";
        } catch (IllegalArgumentException | ArithmeticException e) {
            return v; // a symbol this harness does not know: show it as the benchmark named it
        }
    }

    /** "2*formula (= 40)" when the run's sizes table resolves the symbol; the value itself otherwise. */
    static String poolText(Analysis.Context ctx, String v) {
        if (v == null) {
            return "?";
        }
        Double n = ctx.sizes.numeric(v);
        boolean symbol = n != null && !v.matches("[0-9.]+");
        return symbol ? v + " (= " + Fmt.num(n) + ")" : v;
    }

    private static List<Answer> group(List<BenchmarkResult> rs, Analysis.Context ctx, String byParam,
                                      Function<String, String> condition, Function<BenchmarkResult, String> config, String shape) {
        Map<String, List<BenchmarkResult>> by = new LinkedHashMap<>();
        rs.stream().sorted(Comparator.comparing((BenchmarkResult r) -> {
            Double v = ctx.sizes.numeric(r.param(byParam));
            return v == null ? Double.MAX_VALUE : v;
        })).forEach(r -> by.computeIfAbsent(String.valueOf(r.param(byParam)), k -> new ArrayList<>()).add(r));
        List<Answer> out = new ArrayList<>();
        by.forEach((value, group) -> {
            List<BenchmarkResult> ranked = new ArrayList<>(group);
            ranked.sort((a, b) -> a.higherIsBetter()
                    ? Double.compare(b.primary().score(), a.primary().score())
                    : Double.compare(a.primary().score(), b.primary().score()));
            BenchmarkResult best = ranked.getFirst();
            BenchmarkResult second = ranked.size() > 1 ? ranked.get(1) : null;
            Evidence be = Evidence.of(best);
            Evidence se = second == null ? null : Evidence.of(second);
            out.add(new Answer(shape, condition.apply(value), config.apply(best), be,
                    second == null ? null : config.apply(second), se,
                    se == null ? Double.NaN : be.advantageOver(se), se != null && be.significantlyBetterThan(se) > 0));
        });
        return out;
    }
}
