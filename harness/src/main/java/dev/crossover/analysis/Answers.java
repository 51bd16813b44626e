package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured points of each load shape, each with its choices ranked and the best judged against
 * the runner-up on fork means: CPU-bound task sizes (every executor at pool = cores, and the calling
 * thread where {@code CpuBoundBench.singleThread} ran), I/O-bound concurrency per delay, mixed wait
 * fractions. A point where only some choices ran (a refinement point of a crossover measures just
 * the pair it compares) is left out of the map: naming a winner there would ignore the choices that
 * were not measured. One choice may be missing where two pool sizes are the same pool (at wait
 * fraction 0 the blocking formula gives the core count, measured once).
 */
public final class Answers {

    /**
     * MixedBench's task length, compute plus wait, µs, for results that carry no {@code taskMicros}
     * param; a contract test of the benchmarks module holds it equal to the benchmark's own constant.
     */
    public static final double MIXED_TASK_MICROS = 1000;

    private Answers() {
    }

    static List<Answer> of(Analysis.Context ctx) {
        return of(ctx, Difference.DEFAULT_THRESHOLD);
    }

    /** Every measured point of every shape, judged against {@code threshold}. */
    static List<Answer> of(Analysis.Context ctx, double threshold) {
        List<Answer> out = new ArrayList<>();
        out.addAll(cpu(ctx, threshold));
        out.addAll(io(ctx, threshold));
        out.addAll(mixed(ctx, threshold));
        return out;
    }

    private static List<Answer> cpu(Analysis.Context ctx, double threshold) {
        double us = CrossoverRules.microsPerUnit(ctx);
        String cores = coresText(ctx);
        Map<Double, List<Candidate>> by = new TreeMap<>();
        for (BenchmarkResult r : Analysis.Context.pick(ctx.results, "CpuBoundBench.taskSizeSweep", "thrpt", x -> true)) {
            Double units = ctx.sizes.numeric(r.param(ParamNames.TASK_UNITS));
            String ex = r.param(ParamNames.EXECUTOR);
            if (units == null || ex == null) {
                continue;
            }
            String[] idLabel = switch (ex) {
                case "THREADS" -> new String[]{"pool-cores", "a platform pool of " + cores};
                case "VIRTUAL" -> new String[]{"virtual-capped", "virtual threads capped at " + cores};
                case "PROCESS_PIPE" -> new String[]{"process-pipe", cores + " child JVMs (pipe)"};
                case "PROCESS_SHM" -> new String[]{"process-shm", cores + " child JVMs (shared memory)"};
                default -> new String[]{ex.toLowerCase(Locale.ROOT), ex + " with " + cores + " workers"};
            };
            addOnce(by.computeIfAbsent(units, k -> new ArrayList<>()), new Candidate(idLabel[0], idLabel[1], r));
        }
        for (BenchmarkResult r : Analysis.Context.pick(ctx.results, "CpuBoundBench.singleThread", "thrpt", x -> true)) {
            Double units = ctx.sizes.numeric(r.param(ParamNames.TASK_UNITS));
            if (units != null && by.containsKey(units)) {
                addOnce(by.get(units), new Candidate("caller", "the calling thread", r));
            }
        }
        List<Answer> out = new ArrayList<>();
        int full = by.values().stream().mapToInt(List::size).max().orElse(0);
        by.forEach((units, cs) -> {
            if (complete(cs.size(), full)) {
                double compute = Double.isFinite(us) ? units * us : Double.NaN;
                String text = Double.isFinite(us) ? Fmt.micros(compute) + " of work per task" : Fmt.num(units) + " work units per task";
                out.add(judge(Answer.Shape.CPU, Double.isFinite(us) ? compute : units, text, compute, 0, cs, threshold));
            }
        });
        return out;
    }

    private static List<Answer> io(Analysis.Context ctx, double threshold) {
        String cores = coresText(ctx);
        Map<String, Map<Double, List<Candidate>>> byDelay = new TreeMap<>(Comparator.comparingDouble(Answers::parseOr0));
        for (BenchmarkResult r : Analysis.Context.pick(ctx.results, "IoBoundBench.requests", "thrpt", x -> true)) {
            Double c = ctx.sizes.numeric(r.param(ParamNames.CONCURRENCY));
            String ex = r.param(ParamNames.EXECUTOR);
            if (c == null || ex == null) {
                continue;
            }
            String[] idLabel = switch (ex) {
                case "FIXED_CORES" -> new String[]{"pool-cores", "a platform pool of " + cores};
                case "FIXED_FORMULA" -> new String[]{"pool-formula", "a platform pool of the formula size"};
                case "FIXED_CAPPED" -> new String[]{"pool-capped", "a platform pool of the formula size, capped"};
                case "THREAD_PER_TASK" -> new String[]{"thread-per-task", "a platform thread per request (parallel dispatchers)"};
                case "VIRTUAL" -> new String[]{"virtual", "a virtual thread per request"};
                case "VIRTUAL_CAPPED" -> new String[]{"virtual-capped", "virtual threads capped at the formula size"};
                case "VIRTUAL_CAPPED_HALF" -> new String[]{"virtual-capped-half", "virtual threads capped at half the formula size"};
                case "PROCESS" -> new String[]{"process-pipe", cores + " child JVMs sharing the formula size's threads"};
                default -> new String[]{ex.toLowerCase(Locale.ROOT), ex};
            };
            String delay = r.param(ParamNames.DELAY_MS) == null ? "" : r.param(ParamNames.DELAY_MS);
            addOnce(byDelay.computeIfAbsent(delay, k -> new TreeMap<>()).computeIfAbsent(c, k -> new ArrayList<>()),
                    new Candidate(idLabel[0], idLabel[1], r));
        }
        List<Answer> out = new ArrayList<>();
        byDelay.forEach((delay, by) -> {
            int full = by.values().stream().mapToInt(List::size).max().orElse(0);
            double waitUs = parseOr0(delay) * 1000;
            by.forEach((c, cs) -> {
                if (complete(cs.size(), full)) {
                    out.add(judge(Answer.Shape.IO, c, Fmt.num(c) + " requests in flight"
                            + (delay.isEmpty() ? "" : ", " + delay + " ms wait each"), Double.NaN, delay.isEmpty() ? Double.NaN : waitUs, cs, threshold));
                }
            });
        });
        return out;
    }

    private static List<Answer> mixed(Analysis.Context ctx, double threshold) {
        Map<Double, List<Candidate>> by = new TreeMap<>();
        Map<Double, Double> taskMicros = new LinkedHashMap<>();
        for (BenchmarkResult r : Analysis.Context.pick(ctx.results, "MixedBench.mixed", "thrpt", x -> true)) {
            Double wf = ctx.sizes.numeric(r.param(ParamNames.WAIT_FRACTION));
            String pool = r.param(ParamNames.POOL_SIZE);
            if (wf == null || pool == null) {
                continue;
            }
            String resolved = Answers.mixedPoolText(ctx, pool, r.param(ParamNames.WAIT_FRACTION));
            String n = resolved.contains("(= ") ? resolved.substring(resolved.indexOf("(= ") + 3, resolved.lastIndexOf(')')) : pool;
            String[] idLabel = switch (pool) {
                case "virtual" -> new String[]{"virtual", "a virtual thread per task"};
                case "cores" -> new String[]{"pool-cores", "a platform pool of " + coresText(ctx)};
                case "formula" -> new String[]{"pool-formula", "a platform pool of " + n + " (formula)"};
                case "2*formula" -> new String[]{"pool-2formula", "a platform pool of " + n + " (2 × formula)"};
                default -> new String[]{"pool-" + pool, "a platform pool of " + resolved};
            };
            addOnce(by.computeIfAbsent(wf, k -> new ArrayList<>()), new Candidate(idLabel[0], idLabel[1], r));
            String tm = r.param("taskMicros");
            taskMicros.put(wf, tm == null ? MIXED_TASK_MICROS : parseOr0(tm));
        }
        List<Answer> out = new ArrayList<>();
        int full = by.values().stream().mapToInt(List::size).max().orElse(0);
        by.forEach((wf, cs) -> {
            if (complete(cs.size(), full)) {
                double t = taskMicros.get(wf);
                double c = t * (1 - wf);
                double w = t * wf;
                out.add(judge(Answer.Shape.MIXED, wf, "wait fraction " + Fmt.num(wf) + " (" + Fmt.micros(c) + " compute + "
                        + Fmt.micros(w) + " wait)", c, w, cs, threshold));
            }
        });
        return out;
    }

    /**
     * Adds {@code c} unless the point already has that choice: two refinements of different crossovers can
     * measure the same configuration (X2's pipe and shared-memory levels both run the thread pool at the same
     * task sizes). A choice counts once, so that a point where only some choices ran is not taken for a
     * complete one; of two results the one with more forks is kept, the first on a tie.
     */
    private static void addOnce(List<Candidate> cs, Candidate c) {
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).id().equals(c.id())) {
                if (forks(c.result()) > forks(cs.get(i).result())) {
                    cs.set(i, c);
                }
                return;
            }
        }
        cs.add(c);
    }

    private static int forks(BenchmarkResult r) {
        return r.primary().forkMeans().length;
    }

    /** True for a point with every choice, or all but one of three or more (two symbols naming one pool). */
    private static boolean complete(int n, int full) {
        return n == full || (n >= 3 && n == full - 1);
    }

    /** A measured configuration before it is judged. */
    private record Candidate(String id, String label, BenchmarkResult result) {
    }

    private static Answer judge(Answer.Shape shape, double x, String xText, double compute, double wait, List<Candidate> cs,
                                double threshold) {
        List<Candidate> ranked = new ArrayList<>(cs);
        ranked.sort((a, b) -> a.result.higherIsBetter()
                ? Double.compare(b.result.primary().score(), a.result.primary().score())
                : Double.compare(a.result.primary().score(), b.result.primary().score()));
        Candidate best = ranked.getFirst();
        List<DecisionMap.Choice> choices = ranked.stream().map(c -> new DecisionMap.Choice(c.id, c.label, Evidence.of(c.result),
                cost(c.result))).toList();
        Difference versus = ranked.size() < 2 ? null : difference(best.result, ranked.get(1).result, threshold);
        List<DecisionMap.Choice> tied = new ArrayList<>();
        tied.add(choices.getFirst());
        if (versus != null && versus.outcome() == Outcome.TIE) {
            for (int i = 1; i < ranked.size(); i++) {
                if (difference(best.result, ranked.get(i).result, threshold).outcome() == Outcome.TIE) {
                    tied.add(choices.get(i));
                }
            }
            // among equals the cheaper is the better answer: least resident memory first, unmeasured last
            tied.sort(Comparator.comparingDouble(c -> Double.isFinite(c.cost().memoryMb()) ? c.cost().memoryMb() : Double.MAX_VALUE));
        }
        return new Answer(shape, x, xText, compute, wait, choices, versus, tied);
    }

    static Difference difference(BenchmarkResult a, BenchmarkResult b, double threshold) {
        return Difference.of(a.primary().forkMeans(), b.primary().forkMeans(), a.higherIsBetter(), threshold);
    }

    /**
     * What the choice costs, from the richest metrics the run has: the profiler's whole-tree CPU and
     * PSS ({@code treeCpuUsPerOp}, {@code treePssMb}, {@code ctxSwitchesPerOp}) when present, else the
     * cost counters ({@code childCpuMs} per iteration, children only; {@code poolRssMb}, RSS of the
     * benchmark JVM plus its children).
     */
    static DecisionMap.Cost cost(BenchmarkResult r) {
        double cpu = Double.NaN;
        String cpuSource = DecisionMap.Cost.NOT_MEASURED;
        Metric tree = r.secondary().get("treeCpuUsPerOp");
        Metric child = r.secondary().get("childCpuMs");
        if (tree != null) {
            cpu = tree.value();
            cpuSource = "process tree";
        } else if (child != null && child.value() > 0) {
            double seconds = seconds(r.measurementTime());
            double perIteration = r.primary().score() * seconds;
            if (r.higherIsBetter() && perIteration > 0) {
                cpu = child.value() * 1000 / perIteration;
                cpuSource = "children only";
            }
        } else if (child != null) {
            cpuSource = "not measured in-process";
        }
        double mem = Double.NaN;
        String memSource = DecisionMap.Cost.NOT_MEASURED;
        Metric pss = r.secondary().get("treePssMb");
        Metric rss = r.secondary().get("poolRssMb");
        if (pss != null) {
            mem = pss.value();
            memSource = "PSS, process tree";
        } else if (rss != null) {
            mem = rss.value();
            memSource = "RSS, JVM + children";
        }
        Metric cs = r.secondary().get("ctxSwitchesPerOp");
        return new DecisionMap.Cost(cpu, cpuSource, mem, memSource, cs == null ? Double.NaN : cs.value());
    }

    /** JMH's iteration time ("1 s", "500 ms", "100 us") in seconds; 1 when it cannot be read. */
    static double seconds(String jmhTime) {
        if (jmhTime == null) {
            return 1;
        }
        String[] p = jmhTime.trim().split("\\s+");
        try {
            double v = Double.parseDouble(p[0]);
            String unit = p.length > 1 ? p[1] : "s";
            return switch (unit) {
                case "ms" -> v / 1e3;
                case "us", "µs" -> v / 1e6;
                case "ns" -> v / 1e9;
                case "min" -> v * 60;
                default -> v;
            };
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static double parseOr0(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private static String coresText(Analysis.Context ctx) {
        return ctx.cores == null ? "cores" : String.valueOf(ctx.cores);
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
}
