package dev.crossover.analysis.crossover;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinder;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.CrossoverResult.State;
import dev.crossover.analysis.CrossoverResult.Step;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;
import dev.crossover.sizing.PoolSizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * X3: the concurrency at which virtual threads overtake a fixed platform pool sized to the cores,
 * and one sized by the blocking formula. The model is Little's law with each pool's capacity: a
 * pool of N threads has at most N requests in flight, so it serves at most N ÷ delay requests a
 * second, while virtual threads keep every request in flight. Up to concurrency N the two are
 * level; beyond it virtual threads lead by concurrency ÷ N. The crossing is therefore at N, and
 * the measured points must agree (level up to N, virtual ahead from 1.1 N) for the model to stand.
 */
public final class X3Concurrency implements CrossoverRule {

    /** Blocking requests against a delay server, per executor and concurrency. */
    public static final BenchmarkRef REQUESTS = BenchmarkRef.of("IoBoundBench", "requests", "thrpt")
            .with(ParamNames.EXECUTOR, "FIXED_CORES", "FIXED_FORMULA", "VIRTUAL")
            .with(ParamNames.DELAY_MS, "100");

    /** Every benchmark X3 reads. */
    public static final List<BenchmarkRef> REFERENCES = List.of(REQUESTS);

    /** Lead over the pool's capacity beyond which Little's law says virtual threads must be clearly ahead. */
    static final double MODEL_MARGIN = 1.1;

    @Override
    public String id() {
        return "X3";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        List<BenchmarkResult> io = in.served("X3").stream().filter(r -> r.shortName().equals(REQUESTS.shortName())
                && r.mode().equals(REQUESTS.mode())).toList();
        if (io.isEmpty()) {
            return in.missing("X3", "IoBoundBench.requests in thrpt mode");
        }
        TreeSet<String> delays = new TreeSet<>();
        io.forEach(r -> delays.add(String.valueOf(r.param(ParamNames.DELAY_MS))));
        String delay = delays.contains("100") ? "100" : delays.first();
        Map<String, Curve> curves = in.curves("X3", REQUESTS, ParamNames.CONCURRENCY, ParamNames.EXECUTOR,
                r -> delay.equals(String.valueOf(r.param(ParamNames.DELAY_MS))));
        Curve virtual = curves.get("VIRTUAL");
        if (virtual == null) {
            return in.missing("X3", "IoBoundBench.requests with executor = VIRTUAL");
        }
        double delaySeconds = Double.parseDouble(delay) / 1000.0;
        Gathered g = new Gathered();
        boolean found = false;
        for (String fixed : List.of("FIXED_CORES", "FIXED_FORMULA")) {
            Curve f = curves.get(fixed);
            if (f == null) {
                continue;
            }
            CrossoverResult r = CrossoverFinder.find(virtual, f);
            g.results.add(r);
            Crossing grid = Decide.firstWhereLeads(r, "VIRTUAL");
            List<BenchmarkResult> mine = io.stream().filter(x -> fixed.equals(x.param(ParamNames.EXECUTOR))
                    && delay.equals(String.valueOf(x.param(ParamNames.DELAY_MS)))).toList();
            Capacity recorded = recorded(mine);
            Capacity model = fixed.equals("FIXED_CORES") ? cores(in) : null;
            Capacity cap = recorded != null && (model == null || model.size() != recorded.size()) ? recorded
                    : model != null ? model : formula(in, curves, f, delaySeconds);
            String modelNote;
            Crossing c = grid;
            if (cap == null) {
                modelNote = "pool capacity unknown (core count unknown): grid interval only";
            } else {
                String contradiction = contradiction(r, cap.size());
                String unconfirmed = contradiction == null ? unconfirmed(r, cap.size()) : null;
                if (unconfirmed != null) {
                    modelNote = "Little's law with a pool of " + cap.size() + " (" + cap.why() + ") would place it at "
                            + cap.size() + ", but the measured points do not confirm it: " + unconfirmed + "; the grid interval stands";
                } else if (contradiction == null) {
                    int n = cap.size();
                    c = new Crossing(n, n, Math.ceil(n * (1 + r.threshold())), false, false, false, n, n, fixed, "VIRTUAL",
                            false, Crossing.Basis.LITTLES_LAW, false);
                    modelNote = "a pool of " + n + " threads (" + cap.why() + ") serves at most " + n + " ÷ " + delay + " ms = "
                            + Fmt.num(n / delaySeconds) + " requests/s; the measured points agree (" + r.statesText() + ")";
                } else {
                    modelNote = "Little's law with a pool of " + cap.size() + " (" + cap.why() + ") does not match the measurements: "
                            + contradiction + cpuAt(io, delay, r, cap.size(), fixed, in.cores()) + "; the grid interval stands";
                }
            }
            Refinement.Proposal prop = c == grid ? in.refine("X3 VIRTUAL vs " + fixed, grid, true, virtual, f) : null;
            if (prop != null) {
                g.refine.add(prop);
            }
            CrossoverFinding.Decision d = Decide.of(in, REQUESTS, "VIRTUAL vs " + fixed, r, c, "VIRTUAL", prop, Fmt::num);
            g.decisions.add(d);
            if (c != null) {
                g.marks.add(c);
            }
            found |= d.status() == CrossoverFinding.Status.LOCATED || d.status() == CrossoverFinding.Status.FROM_START;
            g.details.add("VIRTUAL vs " + fixed + ": " + d.text() + "; " + modelNote);
            g.parts.add(switch (d.status()) {
                case LOCATED -> "over " + fixed + " at concurrency " + (c.basis() == Crossing.Basis.LITTLES_LAW
                        ? Fmt.num(c.x()) + " (Little's law, the pool's size)" : "≈ " + Fmt.num(c.x()) + " [" + Fmt.num(c.lo())
                        + " – " + Fmt.num(c.hi()) + "]");
                case UNRESOLVED -> "over " + fixed + ": unresolved at " + in.preset() + " settings (" + (c == null ? r.commonPoints() < 2
                        ? "one concurrency measured" : "no point shows it clearly" : c.loOpen() ? "≤ " + Fmt.num(c.hi())
                        : "≥ " + Fmt.num(c.lo())) + ")";
                case FROM_START -> "ahead of " + fixed + " from the lowest concurrency measured (" + Fmt.num(r.xMin()) + ")";
                case TIE -> "level with " + fixed + " throughout (within " + Math.round(r.threshold() * 100) + "%)";
                default -> "never over " + fixed + " between " + Fmt.num(r.xMin()) + " and " + Fmt.num(r.xMax());
            });
        }
        List<Point> bound = new ArrayList<>();
        for (Point p : virtual.points()) {
            double b = p.x() / delaySeconds;
            bound.add(new Point(p.x(), b, 0, null));
            String line = "VIRTUAL at concurrency " + Fmt.num(p.x()) + ": " + Fmt.score(p.y(), p.error(), virtual.unit())
                    + " = " + Math.round(100 * p.y() / b) + "% of the Little's-law bound (concurrency ÷ delay = " + Fmt.num(b) + " requests/s)";
            if (p.y() < 0.9 * b && in.cores() != null && p.y() > 0) {
                // requests only wait and virtual threads have no cap: the CPU each request costs holds them below the bound
                line += "; below 90% of it the wait no longer limits, the " + in.cores() + " cores do: at this rate they have at most "
                        + Fmt.num(in.cores() * 1e6 / p.y()) + " µs of CPU per request for client, server and kernel together";
            }
            g.details.add(line);
        }
        List<Curve> drawn = new ArrayList<>(curves.values());
        drawn.add(new Curve("Little's-law bound", virtual.benchmark(), virtual.xParam(), virtual.unit(), true, bound));
        ChartSpec chart = new ChartSpec("x3-io-concurrency.png", "X3 — blocking requests (delay " + delay + " ms) against concurrency",
                "concurrent requests", "requests/s (" + virtual.unit() + ")", drawn, g.marks, null, List.of());
        return new CrossoverFinding("X3", in.title("X3"), found, "virtual threads (delay " + delay + " ms): " + String.join("; ", g.parts),
                g.details, g.results, CrossoverInput.evidence(curves), chart, g.refine, g.decisions);
    }

    /** A pool's size and how it is known. */
    record Capacity(int size, String why) {
    }

    /** Secondary metric of {@code IoBoundBench.requests}: the requests the executor can have in progress at once, per iteration. */
    static final String CAPACITY = "capacity";
    /** Secondary metric of the cost profiler: CPU of the benchmark's process tree per operation, µs. */
    static final String TREE_CPU = "treeCpuUsPerOp";

    /**
     * The capacity the pool's trials recorded ({@link #CAPACITY}, each iteration's): each trial sizes its
     * pool itself, so trials can differ; the smallest is the one Little's law can promise. Null when not recorded.
     */
    static Capacity recorded(List<BenchmarkResult> rs) {
        TreeSet<Long> sizes = new TreeSet<>();
        for (BenchmarkResult r : rs) {
            Metric m = r.secondary().get(CAPACITY);
            if (m == null) {
                continue;
            }
            List<Double> each = m.rawData().stream().flatMap(List::stream).toList();
            for (double v : each.isEmpty() ? List.of(m.value()) : each) {
                if (Double.isFinite(v) && v >= 1) {
                    sizes.add(Math.round(v));
                }
            }
        }
        if (sizes.isEmpty()) {
            return null;
        }
        return new Capacity(Math.toIntExact(sizes.first()), sizes.size() == 1 ? "its recorded capacity"
                : "the smallest capacity its trials recorded: " + Fmt.num(sizes.first()) + " – " + Fmt.num(sizes.last()));
    }

    /**
     * Where {@code VIRTUAL} is ahead at or below the pool's capacity {@code n}: the CPU each executor's
     * process tree spent per request there ({@link #TREE_CPU}), since a pool that cannot be short of
     * threads there may be short of CPU. Empty when not recorded, or when a figure times its throughput
     * exceeds the {@code cores} (by a fifth): the profiler's window then held more than the iteration's
     * requests (its setup and teardown), and the figure is no cost per request.
     */
    private static String cpuAt(List<BenchmarkResult> io, String delay, CrossoverResult r, int n, String fixed, Integer cores) {
        for (Step s : r.steps()) {
            if (s.x() <= n && s.state() == State.A_AHEAD) {
                double v = treeCpu(io, delay, "VIRTUAL", s.x(), cores);
                double p = treeCpu(io, delay, fixed, s.x(), cores);
                if (Double.isFinite(v) && Double.isFinite(p) && v > 0) {
                    return "; there " + fixed + "'s process tree spent " + Fmt.num(p) + " µs of CPU per request against VIRTUAL's "
                            + Fmt.num(v) + " (×" + Fmt.num(p / v) + "): the pool runs short of CPU, not of threads";
                }
                return "";
            }
        }
        return "";
    }

    /** {@link #TREE_CPU} of {@code executor} at {@code concurrency}, NaN when missing or beyond what the cores allow. */
    private static double treeCpu(List<BenchmarkResult> io, String delay, String executor, double concurrency, Integer cores) {
        for (BenchmarkResult x : io) {
            if (executor.equals(x.param(ParamNames.EXECUTOR)) && delay.equals(String.valueOf(x.param(ParamNames.DELAY_MS)))
                    && x.param(ParamNames.CONCURRENCY) != null && Double.parseDouble(x.param(ParamNames.CONCURRENCY)) == concurrency) {
                Metric m = x.secondary().get(TREE_CPU);
                if (m == null || cores == null || m.value() * x.primary().value() > 1.2 * cores * 1e6) {
                    return Double.NaN;
                }
                return m.value();
            }
        }
        return Double.NaN;
    }

    private static Capacity cores(CrossoverInput in) {
        return in.cores() == null ? null : new Capacity(in.cores(), "FIXED_CORES: one per core");
    }

    /**
     * The blocking formula's size, cores × (1 + wait/compute) capped at {@link PoolSizer#DEFAULT_CAP}.
     * The benchmark measures compute itself; the run bounds it from above, since no executor can
     * serve more requests a second than the cores have CPU for: compute ≤ cores ÷ best throughput.
     * When even that bound gives the cap, the pool is the cap; otherwise its plateau (throughput ×
     * delay, Little's law read backwards) says its size.
     */
    private static Capacity formula(CrossoverInput in, Map<String, Curve> curves, Curve f, double delaySeconds) {
        if (in.cores() == null) {
            return null;
        }
        double best = curves.values().stream().flatMap(c -> c.points().stream()).mapToDouble(Point::y).max().orElse(0);
        if (best > 0) {
            double computeBound = in.cores() * 1e6 / best;
            int atBound = PoolSizer.blockingFormula(in.cores(), delaySeconds * 1e6, computeBound, PoolSizer.DEFAULT_CAP);
            if (atBound >= PoolSizer.DEFAULT_CAP) {
                return new Capacity(PoolSizer.DEFAULT_CAP, "the blocking formula's cap: one request's CPU is at most "
                        + Fmt.num(computeBound) + " µs, since " + Fmt.num(best) + " requests/s were served on " + in.cores() + " cores");
            }
        }
        Point top = f.best();
        if (top == null || top.x() < 2 * top.y() * delaySeconds) {
            return null;
        }
        int n = (int) Math.round(top.y() * delaySeconds);
        return new Capacity(n, "read off its plateau: " + Fmt.num(top.y()) + " requests/s × " + Fmt.num(delaySeconds) + " s");
    }

    /**
     * Where a point Little's law judges (level at or below {@code n}, virtual threads ahead from {@link
     * #MODEL_MARGIN} × {@code n}) is unresolved (its interval reaches into and out of the tie band), or null
     * when there is none: an unresolved point neither contradicts the model nor confirms it, so the model
     * cannot stand on it.
     */
    static String unconfirmed(CrossoverResult r, int n) {
        for (Step s : r.steps()) {
            boolean judged = s.x() <= n || s.x() >= MODEL_MARGIN * n;
            if (judged && s.state() == State.UNRESOLVED) {
                return "at concurrency " + Fmt.num(s.x()) + " (" + (s.x() <= n ? "≤ " : "> ") + n + ") " + r.a() + " against "
                        + r.b() + " is " + s.diff().text() + ", which the forks cannot separate from a tie (within "
                        + Math.round(r.threshold() * 100) + "%)";
            }
        }
        return null;
    }

    /** Why the measured states contradict a crossing at {@code n}, or null when they agree. */
    static String contradiction(CrossoverResult r, int n) {
        for (Step s : r.steps()) {
            if (s.x() <= n && (s.state() == State.A_AHEAD || s.state() == State.B_AHEAD)) {
                boolean aAhead = s.state() == State.A_AHEAD;
                return "at concurrency " + Fmt.num(s.x()) + " (≤ " + n + ") " + (aAhead ? r.a() : r.b())
                        + " is ahead by " + (aAhead ? s.diff() : s.diff().reversed()).text();
            }
            if (s.x() >= MODEL_MARGIN * n && (s.state() == State.B_AHEAD || s.state() == State.TIE)) {
                return "at concurrency " + Fmt.num(s.x()) + " (> " + n + ") VIRTUAL is not ahead (" + s.diff().text() + ")";
            }
        }
        return null;
    }
}
