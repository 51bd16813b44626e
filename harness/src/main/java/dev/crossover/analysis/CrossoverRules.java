package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.results.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How each crossover X1–X6 of CLAIMS.md is read from the curves of the benchmarks that serve it
 * (CONTRACT.md names the methods and params). A crossover without data says which class and run
 * would produce it.
 */
public final class CrossoverRules {

    private CrossoverRules() {
    }

    private static final Map<String, Function<Analysis.Context, CrossoverFinding>> RULES = new LinkedHashMap<>();

    static {
        RULES.put("X1", CrossoverRules::x1);
        RULES.put("X2", CrossoverRules::x2);
        RULES.put("X3", CrossoverRules::x3);
        RULES.put("X4", CrossoverRules::x4);
        RULES.put("X5", CrossoverRules::x5);
        RULES.put("X6", CrossoverRules::x6);
    }

    /** The crossover IDs that have a rule. */
    public static Set<String> ids() {
        return RULES.keySet();
    }

    static CrossoverFinding find(String id, Analysis.Context ctx) {
        Function<Analysis.Context, CrossoverFinding> rule = RULES.get(id);
        if (rule == null) {
            return new CrossoverFinding(id, ctx.catalog.text(id), false,
                    "no rule reads " + id + " yet; the harness needs one (see CrossoverRules)", List.of(), List.of(),
                    List.of(), null, List.of());
        }
        CrossoverFinding f = rule.apply(ctx);
        // a position found on scores without errors is a point estimate: the summary says so once, where users read it
        if (f.found() && f.evidence().stream().anyMatch(e -> !e.errorKnown()) && !f.summary().contains("errors unknown")) {
            return new CrossoverFinding(f.id(), f.title(), f.found(), f.summary() + " (score errors unknown: point estimates)",
                    f.details(), f.results(), f.evidence(), f.chart(), f.refine());
        }
        return f;
    }

    private static CrossoverFinding missing(Analysis.Context ctx, String id, String what) {
        return new CrossoverFinding(id, ctx.catalog.text(id), false,
                "not measured in this run: needs " + what + " (run with -Dbench.claims=" + id + ")",
                List.of(), List.of(), List.of(), null, List.of());
    }

    /** CpuUnitBench.unit as microseconds per work unit, or NaN when the run lacks it. */
    static double microsPerUnit(Analysis.Context ctx) {
        for (BenchmarkResult r : ctx.results) {
            if (r.shortName().equals("CpuUnitBench.unit")) {
                return Units.toSecondsPerOp(r.primary().score(), r.primary().unit()) * 1e6;
            }
        }
        return Double.NaN;
    }

    private static String units(double units, double usPerUnit) {
        return Fmt.num(units) + (Double.isFinite(usPerUnit) ? " units (≈ " + Fmt.micros(units * usPerUnit) + " of work)" : " units");
    }

    private static List<Evidence> evidence(Map<String, Curve> curves) {
        List<Evidence> out = new ArrayList<>();
        curves.values().forEach(c -> c.points().forEach(p -> out.add(Evidence.of(p, c))));
        return out;
    }

    private static Crossing firstWhereLeads(CrossoverResult r, String label) {
        return r.crossings().stream().filter(c -> c.leaderAfter().equals(label)).findFirst().orElse(null);
    }

    /**
     * Proposes extra x values for a crossing between grid points, with the params the bracketing
     * points of {@code compared} ran with (raw, as JMH got them), so the run command can repeat
     * exactly those configurations at the new x values.
     */
    private static void refine(Analysis.Context ctx, List<Refinement.Proposal> refine, String what, Crossing c,
                               boolean integral, Curve... compared) {
        if (c == null || c.gridHit()) {
            return;
        }
        List<Double> xs = Refinement.propose(c, 2, integral);
        if (xs.isEmpty()) {
            return;
        }
        Curve first = compared[0];
        String mode = null;
        String blocker = null;
        List<Map<String, String>> fixed = new ArrayList<>();
        for (Curve curve : compared) {
            Point p = curve.at(c.bracketLo()) != null ? curve.at(c.bracketLo()) : curve.at(c.bracketHi());
            Integer i = p == null || p.key() == null ? null : ctx.indexOf(p.key());
            if (i == null) {
                blocker = "no measured bracketing point of " + curve.label() + " to copy the params from";
                break;
            }
            BenchmarkResult raw = ctx.data.results().get(i);
            BenchmarkResult shown = ctx.results.get(i);
            boolean sizedByX = shown.params().entrySet().stream().anyMatch(e -> !e.getValue().equals(raw.param(e.getKey()))
                    && e.getValue().contains("formula"));
            if (sizedByX && first.xParam().equals(ParamNames.WAIT_FRACTION)) {
                // a formula-sized pool is another number at every wait fraction: repeating the bracketing size would measure another pool
                blocker = "pool " + curve.label() + " is sized from the wait fraction, so each new point needs its own size";
                break;
            }
            mode = raw.mode();
            Map<String, String> m = new LinkedHashMap<>(raw.params());
            m.remove(first.xParam());
            if (!fixed.contains(m)) {
                fixed.add(m);
            }
        }
        refine.add(new Refinement.Proposal(what.substring(0, 2), first.benchmark(), first.xParam(), Refinement.asParams(xs), what,
                mode, blocker == null ? fixed : List.of(), blocker));
    }

    /** What a crossover rule collects while it walks its curves, for its {@link CrossoverFinding}. */
    private static final class Lists {
        final List<String> details = new ArrayList<>();
        final List<String> parts = new ArrayList<>();
        final List<CrossoverResult> results = new ArrayList<>();
        final List<Crossing> marks = new ArrayList<>();
        final List<Refinement.Proposal> refine = new ArrayList<>();
    }

    /** X1: smallest pool size reaching 95% of peak throughput, per executor, against the core count. */
    private static CrossoverFinding x1(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("X1", "CpuBoundBench.poolSweep", "thrpt", ParamNames.POOL_SIZE,
                ParamNames.EXECUTOR, r -> true);
        if (curves.isEmpty()) {
            return missing(ctx, "X1", "CpuBoundBench.poolSweep (executor × poolSize)");
        }
        Lists l = new Lists();
        boolean found = false;
        for (Curve c : curves.values()) {
            Point peak = c.best();
            double level = 0.95 * peak.y();
            CrossoverResult r = CrossoverFinder.reaching(c, level, 0.95 * peak.error(), "95% of " + c.label() + "'s peak");
            l.results.add(r);
            Point firstGrid = c.points().stream().filter(p -> p.y() >= level).findFirst().orElse(peak);
            int firstIndex = c.points().indexOf(firstGrid);
            // the upward crossing that leads to the first measured size at the level; none when the smallest size is there already
            Crossing up = firstIndex == 0 ? null : r.crossings().stream()
                    .filter(x -> x.leaderAfter().equals(c.label()) && x.x() <= firstGrid.x()).findFirst().orElse(null);
            String where;
            if (up == null && firstIndex > 0) {
                where = "pool ≈ " + Fmt.num(levelCrossing(c.points().get(firstIndex - 1), firstGrid, level))
                        + " (the errors cannot separate the peak from 95% of it)";
                found = true;
            } else if (up != null) {
                where = "pool ≈ " + Fmt.num(up.x()) + (up.errorsUnknown() ? " (errors unknown)"
                        : " (interval " + (up.loOpen() ? "≤" : "") + Fmt.num(up.lo()) + " – " + (up.hiOpen() ? "≥" : "") + Fmt.num(up.hi()) + ")");
                l.marks.add(up);
                refine(ctx, l.refine, "X1 " + c.label(), up, true, c);
                found = true;
            } else {
                where = "pool = " + Fmt.num(firstGrid.x()) + " (the smallest size measured)";
                found = true;
            }
            List<String> below = c.points().stream().filter(p -> p.x() > firstGrid.x() && p.y() < level).map(p -> Fmt.num(p.x())).toList();
            if (!below.isEmpty()) {
                where += "; below 95% again at pool = " + String.join(", ", below);
            }
            String vsCores = ctx.cores == null ? "core count unknown"
                    : "cores = " + ctx.cores + (firstGrid.x() == ctx.cores ? ": at the core count"
                    : firstGrid.x() < ctx.cores ? ": below the core count" : ": above the core count");
            l.details.add(c.label() + ": peak " + Fmt.score(peak.y(), peak.error(), c.unit()) + " at pool = " + Fmt.num(peak.x())
                    + "; 95% of peak reached at " + where + "; smallest measured pool at ≥ 95%: " + Fmt.num(firstGrid.x())
                    + " (" + vsCores + ")");
            l.parts.add(c.label() + " " + Fmt.num(firstGrid.x()));
        }
        String summary = "smallest measured pool at ≥ 95% of peak: " + String.join(", ", l.parts)
                + (ctx.cores == null ? "" : " (cores = " + ctx.cores + ")");
        ChartSpec chart = new ChartSpec("x1-pool-size.png", "X1 — CPU-bound throughput against pool size",
                "pool size (threads or worker processes)", "tasks/s (" + first(curves).unit() + ")",
                new ArrayList<>(curves.values()), l.marks, ctx.cores == null ? null : (double) ctx.cores, List.of());
        return new CrossoverFinding("X1", ctx.catalog.text("X1"), found, summary, l.details, l.results, evidence(curves), chart, l.refine);
    }

    /** X2: task size at which a warm process pool reaches 90% and 95% of the thread pool at pool = cores. */
    private static CrossoverFinding x2(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("X2", "CpuBoundBench.taskSizeSweep", "thrpt", ParamNames.TASK_UNITS,
                ParamNames.EXECUTOR, r -> true);
        Curve threads = curves.get("THREADS");
        if (threads == null) {
            return missing(ctx, "X2", "CpuBoundBench.taskSizeSweep with executor = THREADS and a process executor");
        }
        double us = microsPerUnit(ctx);
        Lists l = new Lists();
        boolean found = false;
        for (String proc : List.of("PROCESS_PIPE", "PROCESS_SHM")) {
            Curve p = curves.get(proc);
            if (p == null) {
                continue;
            }
            for (double f : new double[]{0.90, 0.95}) {
                String ref = Math.round(f * 100) + "% of THREADS";
                Curve target = threads.scaled(f, ref);
                CrossoverResult r = CrossoverFinder.find(p, target);
                l.results.add(r);
                Crossing c = firstWhereLeads(r, proc);
                String text;
                if (c != null) {
                    found = true;
                    // the chart marks two crossings per executor: name the level each one reaches
                    l.marks.add(new Crossing(c.x(), c.lo(), c.hi(), c.loOpen(), c.hiOpen(), c.gridHit(), c.bracketLo(), c.bracketHi(),
                            c.leaderBefore(), proc + " at " + ref, c.errorsUnknown()));
                    refine(ctx, l.refine, "X2 " + proc + " " + ref, c, true, p, target);
                    text = "at taskUnits ≈ " + units(c.x(), us) + (c.errorsUnknown() ? ", errors unknown"
                            : ", interval " + (c.loOpen() ? "≤" : "") + Fmt.num(c.lo()) + " – " + (c.hiOpen() ? "≥" : "") + Fmt.num(c.hi()));
                    l.parts.add(proc + " " + Math.round(f * 100) + "% at ≈ " + units(c.x(), us));
                } else if (proc.equals(r.leaderAtStart())) {
                    found = true;
                    text = "already at the smallest task measured (" + units(r.xMin(), us) + ")";
                    l.parts.add(proc + " " + Math.round(f * 100) + "% from the smallest task");
                } else {
                    text = "not reached between taskUnits = " + Fmt.num(r.xMin()) + " and " + Fmt.num(r.xMax());
                    l.parts.add(proc + " " + Math.round(f * 100) + "% not reached");
                }
                l.details.add(proc + " reaches " + ref + " " + text + (r.crossings().size() > 1 ? " (" + r.describe() + ")" : ""));
            }
        }
        if (l.results.isEmpty()) {
            return missing(ctx, "X2", "CpuBoundBench.taskSizeSweep with executor = PROCESS_PIPE or PROCESS_SHM");
        }
        if (Double.isFinite(us)) {
            l.details.add("one work unit = " + Fmt.num(us) + " µs on one thread (CpuUnitBench.unit)");
        }
        // the chart shows what X2 asks: the process pool's share of the thread pool's throughput, against the 90% and 95% lines
        List<Curve> ratios = new ArrayList<>();
        for (String proc : List.of("PROCESS_PIPE", "PROCESS_SHM")) {
            Curve p = curves.get(proc);
            if (p != null) {
                ratios.add(ratio(p, threads, proc + " ÷ THREADS"));
            }
        }
        ChartSpec chart = new ChartSpec("x2-task-size.png", "X2 — process pool throughput as a share of the thread pool's (pool = cores)",
                "task size (CpuWork units per task" + (Double.isFinite(us) ? "; 1 unit ≈ " + Fmt.num(us) + " µs" : "") + ")",
                "process ÷ thread throughput", ratios, l.marks, null, List.of(0.90, 0.95), List.of("90% of THREADS", "95% of THREADS"));
        return new CrossoverFinding("X2", ctx.catalog.text("X2"), found, String.join("; ", l.parts), l.details, l.results,
                evidence(curves), chart, l.refine);
    }

    /** X3: concurrency at which virtual threads overtake a cores-sized and a formula-sized platform pool. */
    private static CrossoverFinding x3(Analysis.Context ctx) {
        List<BenchmarkResult> io = Analysis.Context.pick(ctx.served("X3"), "IoBoundBench.requests", "thrpt", r -> true);
        if (io.isEmpty()) {
            return missing(ctx, "X3", "IoBoundBench.requests in thrpt mode");
        }
        TreeSet<String> delays = new TreeSet<>();
        io.forEach(r -> delays.add(String.valueOf(r.param(ParamNames.DELAY_MS))));
        String delay = delays.contains("100") ? "100" : delays.first();
        Map<String, Curve> curves = ctx.curves("X3", "IoBoundBench.requests", "thrpt", ParamNames.CONCURRENCY,
                ParamNames.EXECUTOR, r -> delay.equals(String.valueOf(r.param(ParamNames.DELAY_MS))));
        Curve virtual = curves.get("VIRTUAL");
        if (virtual == null) {
            return missing(ctx, "X3", "IoBoundBench.requests with executor = VIRTUAL");
        }
        Lists l = new Lists();
        boolean found = false;
        for (String fixed : List.of("FIXED_CORES", "FIXED_FORMULA")) {
            Curve f = curves.get(fixed);
            if (f == null) {
                continue;
            }
            CrossoverResult r = CrossoverFinder.find(virtual, f);
            l.results.add(r);
            Crossing c = firstWhereLeads(r, "VIRTUAL");
            if (c != null) {
                found = true;
                l.marks.add(c);
                refine(ctx, l.refine, "X3 VIRTUAL vs " + fixed, c, true, virtual, f);
                l.parts.add("over " + fixed + " at concurrency ≈ " + Fmt.num(c.x()) + (c.errorsUnknown() ? " (score errors unknown)" : ""));
            } else if ("VIRTUAL".equals(r.leaderAtStart())) {
                found = true;
                l.parts.add("ahead of " + fixed + " from the lowest concurrency measured (" + Fmt.num(r.xMin()) + ")");
            } else {
                l.parts.add("never over " + fixed + " between " + Fmt.num(r.xMin()) + " and " + Fmt.num(r.xMax()));
            }
            l.details.add("VIRTUAL vs " + fixed + ": " + r.describe());
        }
        double delaySeconds = Double.parseDouble(delay) / 1000.0;
        List<Point> bound = new ArrayList<>();
        for (Point p : virtual.points()) {
            double b = p.x() / delaySeconds;
            bound.add(new Point(p.x(), b, 0, null));
            String line = "VIRTUAL at concurrency " + Fmt.num(p.x()) + ": " + Fmt.score(p.y(), p.error(), virtual.unit())
                    + " = " + Math.round(100 * p.y() / b) + "% of the Little's-law bound (concurrency ÷ delay = " + Fmt.num(b) + " requests/s)";
            if (p.y() < 0.9 * b && ctx.cores != null && p.y() > 0) {
                // Requests only wait and virtual threads have no cap: what holds them below the bound is
                // the work each request costs the CPU (client, delay server and kernel on the same cores).
                line += "; below 90% of it the wait no longer limits, the " + ctx.cores + " cores do: at this rate they have at most "
                        + Fmt.num(ctx.cores * 1e6 / p.y()) + " µs of CPU per request for client, server and kernel together";
            }
            l.details.add(line);
        }
        List<Curve> drawn = new ArrayList<>(curves.values());
        drawn.add(new Curve("Little's-law bound", virtual.benchmark(), virtual.xParam(), virtual.unit(), true, bound));
        ChartSpec chart = new ChartSpec("x3-io-concurrency.png", "X3 — blocking requests (delay " + delay + " ms) against concurrency",
                "concurrent requests", "requests/s (" + virtual.unit() + ")", drawn, l.marks, null, List.of());
        return new CrossoverFinding("X3", ctx.catalog.text("X3"), found,
                "virtual threads (delay " + delay + " ms): " + String.join("; ", l.parts), l.details, l.results, evidence(curves), chart, l.refine);
    }

    /** X4: wait fraction from which a pool larger than the cores pays; does the blocking formula predict the best size. */
    private static CrossoverFinding x4(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("X4", "MixedBench.mixed", "thrpt", ParamNames.WAIT_FRACTION,
                ParamNames.POOL_SIZE, r -> true);
        Curve cores = curves.values().stream().filter(c -> ctx.isCores(c.label())).findFirst().orElse(null);
        if (cores == null) {
            return missing(ctx, "X4", "MixedBench.mixed with poolSize = cores and larger pools");
        }
        Lists l = new Lists();
        boolean found = false;
        for (Curve c : curves.values()) {
            if (c == cores) {
                continue;
            }
            CrossoverResult r = CrossoverFinder.find(c, cores);
            l.results.add(r);
            Crossing x = firstWhereLeads(r, c.label());
            if (x != null) {
                found = true;
                l.marks.add(x);
                refine(ctx, l.refine, "X4 " + c.label() + " vs " + cores.label(), x, false, c, cores);
                l.parts.add(c.label() + " from waitFraction ≈ " + Fmt.num(x.x()));
            } else if (c.label().equals(r.leaderAtStart())) {
                found = true;
                l.parts.add(c.label() + " from the lowest wait fraction measured");
            } else {
                l.parts.add(c.label() + " never");
            }
            l.details.add("pool " + c.label() + " vs " + cores.label() + ": " + r.describe());
        }
        // does the blocking formula's size come within error of the best measured size at each wait fraction?
        Curve formula = curves.get("formula");
        int predicted = 0;
        int judged = 0;
        TreeSet<Double> wfs = new TreeSet<>();
        curves.values().forEach(c -> c.points().forEach(p -> wfs.add(p.x())));
        for (double wf : wfs) {
            Curve bestC = null;
            Point bestP = null;
            for (Curve c : curves.values()) {
                Point p = c.at(wf);
                if (p != null && (bestP == null || p.y() > bestP.y())) {
                    bestC = c;
                    bestP = p;
                }
            }
            if (bestP == null) {
                continue;
            }
            String line = "waitFraction " + Fmt.num(wf) + ": best pool " + bestC.label() + " " + Fmt.score(bestP.y(), bestP.error(), bestC.unit());
            if (formula != null && formula.at(wf) != null) {
                Point fp = formula.at(wf);
                judged++;
                Evidence be = Evidence.of(bestP, bestC);
                Evidence fe = Evidence.of(fp, formula);
                boolean unknown = bestC != formula && (!be.errorKnown() || !fe.errorKnown());
                boolean ok = bestC == formula || (!unknown && be.significantlyBetterThan(fe) <= 0);
                if (unknown) {
                    judged--; // without errors a lower score may be noise: this wait fraction decides nothing
                } else if (ok) {
                    predicted++;
                }
                line += "; formula " + Fmt.score(fp.y(), fp.error(), formula.unit())
                        + (bestC == formula ? " — the formula's size is the best measured"
                        : unknown ? " — " + Fmt.pct(be.advantageOver(fe)) + " behind the best, score errors unknown: not judged"
                        : ok ? " — within the best's error" : " — the formula misses by " + Fmt.pct(be.advantageOver(fe)));
            }
            l.details.add(line);
        }
        String formulaText = formula == null ? "no 'formula' pool measured"
                : judged == 0 ? "whether the blocking formula predicts the best size could not be judged (score errors unknown)"
                : "the blocking formula predicts the best size at " + predicted + " of " + judged + " wait fractions";
        l.parts.add(formulaText);
        ChartSpec chart = new ChartSpec("x4-mixed-wait-fraction.png", "X4 — mixed tasks: throughput against wait fraction per pool size",
                "wait fraction W/(W+C)", "tasks/s (" + cores.unit() + ")", new ArrayList<>(curves.values()), l.marks, null, List.of());
        return new CrossoverFinding("X4", ctx.catalog.text("X4"), found,
                "larger pools than cores pay: " + String.join("; ", l.parts), l.details, l.results, evidence(curves), chart, l.refine);
    }

    /** X5: chunk size beyond which map throughput stays within 5% of its best, per executor. */
    private static CrossoverFinding x5(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("X5", "PoolMapBench.map", "thrpt", ParamNames.CHUNK_SIZE,
                ParamNames.EXECUTOR, r -> true);
        if (curves.isEmpty()) {
            return missing(ctx, "X5", "PoolMapBench.map (executor × chunkSize)");
        }
        Lists l = new Lists();
        for (Curve c : curves.values()) {
            Point best = c.best();
            double level = 0.95 * best.y();
            CrossoverResult r = CrossoverFinder.reaching(c, level, 0.95 * best.error(), "95% of " + c.label() + "'s best");
            l.results.add(r);
            // the contiguous run of measured chunk sizes around the best that stay within 5%
            List<Point> ps = c.points();
            int bi = ps.indexOf(best);
            int from = bi;
            while (from > 0 && ps.get(from - 1).y() >= level) {
                from--;
            }
            int to = bi;
            while (to + 1 < ps.size() && ps.get(to + 1).y() >= level) {
                to++;
            }
            Crossing up = null;
            for (Crossing x : r.crossings()) {
                if (x.leaderAfter().equals(c.label()) && x.x() <= best.x()) {
                    up = x;
                }
            }
            String est;
            if (up != null) {
                est = "chunk ≈ " + Fmt.num(up.x()) + (up.errorsUnknown() ? "" : " (interval " + (up.loOpen() ? "≤" : "")
                        + Fmt.num(up.lo()) + " – " + (up.hiOpen() ? "≥" : "") + Fmt.num(up.hi()) + ")");
            } else if (from == 0) {
                est = "the smallest chunk measured";
            } else {
                est = "chunk ≈ " + Fmt.num(levelCrossing(ps.get(from - 1), ps.get(from), level))
                        + " (the errors cannot tell this threshold apart from the best: best and 95% of it overlap)";
            }
            if (up != null) {
                l.marks.add(up);
                refine(ctx, l.refine, "X5 " + c.label(), up, true, c);
            }
            l.details.add(c.label() + ": best " + Fmt.score(best.y(), best.error(), c.unit()) + " at chunk " + Fmt.num(best.x())
                    + "; within 5% of it for measured chunks " + Fmt.num(ps.get(from).x()) + " – " + Fmt.num(ps.get(to).x())
                    + (to < ps.size() - 1 ? " (falls off again above " + Fmt.num(ps.get(to).x()) + ")" : "") + "; threshold crossed at " + est);
            l.parts.add(c.label() + " from chunk " + Fmt.num(ps.get(from).x()));
        }
        ChartSpec chart = new ChartSpec("x5-map-chunk-size.png", "X5 — map of 10,000 small tasks against chunk size",
                "chunk size (tasks per chunk)", "tasks/s (" + first(curves).unit() + ")", new ArrayList<>(curves.values()), l.marks, null, List.of());
        return new CrossoverFinding("X5", ctx.catalog.text("X5"), true, "within 5% of the best: " + String.join("; ", l.parts),
                l.details, l.results, evidence(curves), chart, l.refine);
    }

    /** X6: job size at which spawning a process pool and running the job beats one thread. */
    private static CrossoverFinding x6(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("X6", "ColdStartBench.job", "ss", ParamNames.JOB_UNITS,
                ParamNames.EXECUTOR, r -> true);
        Curve one = curves.get("ONE_THREAD");
        Curve pool = curves.get("PROCESS_POOL");
        if (one == null || pool == null) {
            return missing(ctx, "X6", "ColdStartBench.job with executor = ONE_THREAD and PROCESS_POOL");
        }
        double us = microsPerUnit(ctx);
        CrossoverResult r = CrossoverFinder.find(pool, one);
        Crossing c = firstWhereLeads(r, "PROCESS_POOL");
        List<Refinement.Proposal> refine = new ArrayList<>();
        String summary;
        boolean found;
        if (c != null) {
            found = true;
            refine(ctx, refine, "X6", c, true, pool, one);
            summary = "a cold process pool beats one thread from a job of ≈ " + units(c.x(), us);
        } else if ("PROCESS_POOL".equals(r.leaderAtStart())) {
            found = true;
            summary = "a cold process pool wins already at the smallest job measured (" + units(r.xMin(), us) + ")";
        } else {
            found = false;
            summary = "not reached between jobUnits = " + Fmt.num(r.xMin()) + " and " + Fmt.num(r.xMax()) + ": one thread stays faster";
        }
        List<String> details = new ArrayList<>();
        details.add("PROCESS_POOL vs ONE_THREAD: " + r.describe());
        // what the cold pool pays before any work: one child JVM's start (SpawnBench serves X6 for this)
        for (String m : List.of("childWorker", "childWorkerAot", "bareChild")) {
            BenchmarkResult sp = Analysis.Context.one(ctx.served("X6"), "SpawnBench." + m, null);
            if (sp != null) {
                details.add("starting one child JVM (SpawnBench." + m + "): " + Evidence.of(sp).scoreText());
            }
        }
        ChartSpec chart = new ChartSpec("x6-cold-start.png", "X6 — cold start: whole job time against job size",
                "job size (CpuWork units in total)", "time per job (" + one.unit() + ")", List.of(one, pool),
                c == null ? List.of() : List.of(c), null, List.of());
        return new CrossoverFinding("X6", ctx.catalog.text("X6"), found, summary, details, List.of(r), evidence(curves), chart, refine);
    }

    /**
     * {@code num ÷ den} at every x both curves measured, with the error of a ratio (relative errors
     * added in quadrature; NaN when either is unknown).
     */
    static Curve ratio(Curve num, Curve den, String label) {
        List<Point> ps = new ArrayList<>();
        for (Point a : num.points()) {
            Point b = den.at(a.x());
            if (b == null || b.y() == 0) {
                continue;
            }
            double r = a.y() / b.y();
            double err = a.errorKnown() && b.errorKnown() && a.y() != 0
                    ? r * Math.hypot(a.error() / a.y(), b.error() / b.y()) : Double.NaN;
            ps.add(new Point(a.x(), r, err, a.key()));
        }
        return new Curve(label, num.benchmark(), num.xParam(), "ratio", true, ps);
    }

    /** Where the straight line (log x, log y) from a to b reaches {@code level}. */
    static double levelCrossing(Point a, Point b, double level) {
        boolean logX = a.x() > 0 && b.x() > 0;
        double ua = logX ? Math.log(a.x()) : a.x();
        double ub = logX ? Math.log(b.x()) : b.x();
        double ga = Math.log(a.y() / level);
        double gb = Math.log(b.y() / level);
        double t = ga == gb ? 0 : ga / (ga - gb);
        double u = ua + Math.max(0, Math.min(1, t)) * (ub - ua);
        return logX ? Math.exp(u) : u;
    }

    private static Curve first(Map<String, Curve> curves) {
        return curves.values().iterator().next();
    }
}
