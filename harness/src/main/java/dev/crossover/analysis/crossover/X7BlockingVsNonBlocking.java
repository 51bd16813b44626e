package dev.crossover.analysis.crossover;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinder;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverFinding.Status;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.CrossoverResult.State;
import dev.crossover.analysis.CrossoverResult.Step;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * X7: blocking against non-blocking HTTP. Two questions, both read from the open-loop runs of {@code
 * HttpOpenLoopBench} (latency from each request's intended start):
 * <ol>
 * <li>the arrival rate at which each of virtual threads, {@code sendAsync} and the event loop pulls
 *     away from the best blocking pool at the same p99 bound ({@value #BOUND_FACTOR} × the delay):
 *     the first measured rate at which that pool's p99 is clearly over the bound while the other's is
 *     clearly within it. Each rate is judged on the fork means of the per-iteration p99 against the
 *     bound (a 95% interval, {@link CrossoverFinder#reaching}); the interval runs from the last rate
 *     the pool clearly held to that rate, never narrower than the grid;</li>
 * <li>where the event loop's CPU per request (the client side's process tree, the server's JVM
 *     taken out) falls below virtual threads': the crossing of the two cost curves on fork means;
 *     unresolved where a trial's warm-up did not settle ({@link #WARMUP_SETTLED}).</li>
 * </ol>
 * The best blocking pool is the one among {@code FIXED_CORES}, {@code FIXED_FORMULA} and {@code
 * PROCESS} that holds the bound to the highest rate.
 */
public final class X7BlockingVsNonBlocking implements CrossoverRule {

    /** Open-loop HTTP requests, per client and arrival rate. */
    public static final BenchmarkRef OPEN_LOOP = BenchmarkRef.of("HttpOpenLoopBench", "openLoop", "thrpt")
            .with(ParamNames.CLIENT, "FIXED_CORES", "FIXED_FORMULA", "VIRTUAL", "PROCESS", "ASYNC", "EVENT_LOOP");

    /** Every benchmark X7 reads. */
    public static final List<BenchmarkRef> REFERENCES = List.of(OPEN_LOOP);

    /** The p99 bound as a multiple of the server's delay. */
    public static final double BOUND_FACTOR = 5;
    /** Secondary metric: 99th percentile latency from the intended start, ms per iteration. */
    public static final String P99 = "p99Ms";
    /** Secondary metric: CPU of the client side per answered request, µs per iteration. */
    public static final String CLIENT_CPU = "clientCpuUsPerReq";
    /** Secondary metric: 1 when the trial's client warm-up settled before its iterations (its CPU per request stopped falling), else 0. */
    public static final String WARMUP_SETTLED = "clientWarmupSettled";
    /** Secondary metric: the CPU the server's JVM had to itself, -1 when it shared the clients' CPUs. */
    public static final String SERVER_CPU = "serverCpu";
    /** Secondary metric: the nice value of the server's JVM (below 0: a higher priority than the other processes on its CPU). */
    public static final String SERVER_NICE = "serverNice";
    /** Secondary metric: the share of the server's timers that ran later than the delay (at least 5 ms), per iteration. */
    public static final String SERVER_LATE_SHARE = "serverLateShare";
    /** Secondary metric: the server's latest timer, ms late, per iteration. */
    public static final String SERVER_LATE_MAX = "serverLateMaxMs";
    /**
     * The share of late timers above which the server lagged its schedule (the benchmark's own limit):
     * such an iteration fails when the lag may decide the client's p99 against the bound, and is named
     * in the report otherwise, where the verdict stands with the lag in it.
     */
    public static final double LAGGED_SHARE = 0.01;
    /** Secondary metric: how many CPUs the client side (the benchmark's JVM and its children) had. */
    public static final String CLIENT_CPUS = "clientCpus";

    static final List<String> BLOCKING_POOLS = List.of("FIXED_CORES", "FIXED_FORMULA", "PROCESS");
    static final List<String> CHALLENGERS = List.of("VIRTUAL", "ASYNC", "EVENT_LOOP");

    @Override
    public String id() {
        return "X7";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        List<BenchmarkResult> rs = in.served("X7").stream().filter(r -> r.shortName().equals(OPEN_LOOP.shortName())
                && r.mode().equals(OPEN_LOOP.mode())).toList();
        if (rs.isEmpty()) {
            return in.missing("X7", "HttpOpenLoopBench.openLoop in thrpt mode");
        }
        TreeSet<String> delays = new TreeSet<>();
        rs.forEach(r -> delays.add(String.valueOf(r.param(ParamNames.DELAY_MS))));
        String delay = delays.contains("10") ? "10" : delays.first();
        List<BenchmarkResult> at = rs.stream().filter(r -> delay.equals(String.valueOf(r.param(ParamNames.DELAY_MS)))).toList();
        double bound = BOUND_FACTOR * Double.parseDouble(delay);
        Map<String, Curve> p99 = curves(at, P99, "ms");
        Map<String, Curve> cpu = curves(at, CLIENT_CPU, "µs/request");
        Gathered g = new Gathered();
        String boundLabel = "p99 ≤ " + Fmt.num(bound) + " ms";

        Map<String, CrossoverResult> held = new LinkedHashMap<>();
        p99.forEach((client, c) -> {
            CrossoverResult r = CrossoverFinder.reaching(c, new Point(0, bound, 0, null, new double[]{bound, bound, bound}), 1.0, boundLabel);
            held.put(client, r);
            g.details.add(client + " p99 by arrival rate: " + pointsText(c, r, bound));
        });
        TreeSet<Double> rates = new TreeSet<>();
        at.forEach(r -> rates.add(Double.parseDouble(r.param(ParamNames.RATE))));
        List<String> saturation = new ArrayList<>();
        held.forEach((client, r) -> saturation.add(saturationText(client, r, rates, at)));
        g.details.add("where each client saturates (its p99 first clearly over " + Fmt.num(bound) + " ms, latency from the intended "
                + "start; a rate without a result failed, and the failed groups say why, a lagging server among the causes): "
                + String.join("; ", saturation));
        List<String> lagged = laggedPoints(at);
        if (!lagged.isEmpty()) {
            g.details.add("the server lagged its schedule (more than " + Math.round(LAGGED_SHARE * 100) + "% of its timers late in a fork) "
                    + "at: " + String.join("; ", lagged) + "; the benchmark kept only iterations whose p99 held the bound with the "
                    + "lag in it, or missed it by more than three times the worst lateness (read, timer, write), so their verdicts "
                    + "stand, though part of each latency there is the server's");
        }
        String best = null;
        double bestReach = -1;
        for (String pool : BLOCKING_POOLS) {
            if (held.containsKey(pool)) {
                double reach = firstOver(held.get(pool));
                if (reach > bestReach) {
                    best = pool;
                    bestReach = reach;
                }
            }
        }
        if (best == null) {
            g.parts.add("no blocking pool measured");
        } else {
            CrossoverResult b = held.get(best);
            g.details.add("best blocking pool at " + boundLabel + ": " + best + " (" + (Double.isInfinite(bestReach)
                    ? "held it at every rate measured" : "first clearly over it at " + Fmt.num(bestReach) + " requests/s") + ")");
            for (String ch : CHALLENGERS) {
                CrossoverResult c = held.get(ch);
                if (c == null) {
                    continue;
                }
                CrossoverFinding.Decision d = pullsAway(in, ch, c, best, b, bound);
                g.decisions.add(d);
                if (d.crossing() != null) {
                    g.marks.add(d.crossing());
                }
                g.details.add(d.subject() + ": " + d.text());
                List<Double> common = commonRates(c, b);
                if (common.size() == 1) {
                    // a grid of one rate cannot hold a pull-away; saying "unresolved" would promise more rates would find it here
                    g.parts.add(ch + " vs " + best + ": one rate measured (" + Fmt.num(common.getFirst()) + "/s), a pull-away needs two");
                    continue;
                }
                g.parts.add(ch + " " + switch (d.status()) {
                    // On a grid of rates the pull-away is known only to lie above the last rate the pool held
                    // and at or below the first it missed: no point inside is likelier than another.
                    case LOCATED -> "pulls away from " + best + " at a rate in (" + Fmt.num(d.crossing().lo()) + ", "
                            + Fmt.num(d.crossing().hi()) + "] requests/s";
                    case UNRESOLVED -> "vs " + best + ": unresolved at " + in.preset() + " settings";
                    default -> "does not pull away from " + best + " between " + Fmt.num(b.xMin()) + " and " + Fmt.num(b.xMax()) + " requests/s";
                });
            }
        }
        Curve loopCpu = cpu.get("EVENT_LOOP");
        Curve vtCpu = cpu.get("VIRTUAL");
        List<String> cold = at.stream().filter(r -> List.of("EVENT_LOOP", "VIRTUAL").contains(r.param(ParamNames.CLIENT)) && !warmedUp(r))
                .map(r -> r.param(ParamNames.CLIENT) + " at " + r.param(ParamNames.RATE) + "/s").toList();
        if (loopCpu != null && vtCpu != null && !cold.isEmpty()) {
            // before the JIT has settled, CPU per request measures compilation, not the client
            CrossoverFinding.Decision d = new CrossoverFinding.Decision("EVENT_LOOP CPU per request below VIRTUAL", Status.UNRESOLVED, null,
                    Double.NaN, "the warm-up did not settle for " + String.join(", ", cold) + ": their CPU per request is not yet the "
                    + "steady cost; " + in.unresolved(OPEN_LOOP, null));
            g.decisions.add(d);
            g.details.add("client CPU per request, EVENT_LOOP vs VIRTUAL: " + d.text());
            g.parts.add("the event loop's CPU per request vs virtual threads': unresolved (warm-up did not settle)");
        } else if (loopCpu != null && vtCpu != null) {
            CrossoverResult r = CrossoverFinder.find(loopCpu, vtCpu);
            g.results.add(r);
            Crossing c = Decide.firstWhereLeads(r, "EVENT_LOOP");
            Refinement.Proposal prop = in.refine("X7 EVENT_LOOP vs VIRTUAL CPU", c, true, loopCpu, vtCpu);
            if (prop != null) {
                g.refine.add(prop);
            }
            CrossoverFinding.Decision d = Decide.of(in, OPEN_LOOP, "EVENT_LOOP CPU per request below VIRTUAL", r, c, "EVENT_LOOP", prop, Fmt::num);
            g.decisions.add(d);
            g.details.add("client CPU per request, EVENT_LOOP vs VIRTUAL: " + d.text() + " (" + r.statesText() + ")");
            if (r.commonPoints() == 1) {
                // one rate: say what it measured there, not that a crossing is unresolved
                Step only = r.steps().getFirst();
                g.parts.add("the event loop's CPU per request at " + Fmt.num(only.x()) + " requests/s, the one rate measured: " + switch (only.state()) {
                    case A_AHEAD -> "below virtual threads' (theirs ×" + times(only.diff()) + " the event loop's)";
                    case B_AHEAD -> "above virtual threads' (the event loop's ×" + times(only.diff().reversed()) + " theirs)";
                    case TIE -> "level with virtual threads' (within " + Math.round(r.threshold() * 100) + "%)";
                    default -> "not told from virtual threads' (" + only.diff().text() + ")";
                });
            } else {
                g.parts.add("the event loop's CPU per request " + switch (d.status()) {
                    case LOCATED -> "falls below virtual threads' at ≈ " + Fmt.num(d.value()) + " requests/s";
                    case FROM_START -> "is below virtual threads' from the lowest rate measured (" + Fmt.num(r.xMin()) + " requests/s)";
                    case TIE -> "ties virtual threads' (within " + Math.round(r.threshold() * 100) + "%)";
                    case UNRESOLVED -> "vs virtual threads': unresolved at " + in.preset() + " settings";
                    default -> "stays at or above virtual threads' up to " + Fmt.num(r.xMax()) + " requests/s";
                });
            }
            for (Map.Entry<String, Curve> e : cpu.entrySet()) {
                g.details.add(e.getKey() + " client CPU per request: " + e.getValue().points().stream()
                        .map(p -> Fmt.num(p.x()) + "/s " + Fmt.num(p.y()) + " µs").toList());
            }
        }
        boolean found = g.decisions.stream().anyMatch(d -> d.status() == Status.LOCATED || d.status() == Status.FROM_START);
        List<Evidence> evidence = new ArrayList<>(CrossoverInput.evidence(p99));
        evidence.addAll(CrossoverInput.evidence(cpu));
        ChartSpec chart = new ChartSpec("x7-http-p99-rate.png", "X7 — p99 latency from intended start (delay " + delay
                + " ms) against arrival rate", "arrival rate (requests/s)", "p99 latency (ms)", new ArrayList<>(p99.values()),
                g.marks, null, List.of(bound), List.of(boundLabel));
        g.parts.add("saturates: " + String.join(", ", held.keySet().stream().map(c -> c + " " + saturationShort(held.get(c))).toList()));
        return new CrossoverFinding("X7", in.title("X7"), found, "HTTP, delay " + delay + " ms, bound " + boundLabel + ", "
                + capacity(at) + ": "
                + (g.parts.isEmpty() ? "nothing to compare" : String.join("; ", g.parts)), g.details, g.results, evidence, chart,
                g.refine, g.decisions);
    }

    /**
     * The CPUs the server and the clients had, from the {@link #SERVER_CPU} and {@link #CLIENT_CPUS}
     * counters (and {@link #SERVER_NICE}): "server on CPU 1 at nice -10 alone, each client on 1 CPU(s)", "server sharing the clients' CPUs", or
     * what differed between the results, so equal capacities are compared or the difference is stated.
     */
    static String capacity(List<BenchmarkResult> rs) {
        TreeSet<String> server = new TreeSet<>();
        TreeSet<String> clients = new TreeSet<>();
        for (BenchmarkResult r : rs) {
            Metric s = r.secondary().get(SERVER_CPU);
            Metric c = r.secondary().get(CLIENT_CPUS);
            Metric n = r.secondary().get(SERVER_NICE);
            String nice = n == null || !Double.isFinite(n.value()) || Math.round(n.value()) == 0 ? "" : " at nice " + Math.round(n.value());
            server.add(s == null ? "not recorded" : s.value() < 0 ? "shared" : "CPU " + Math.round(s.value()) + nice);
            clients.add(c == null || c.value() < 0 ? "?" : Fmt.num(c.value()));
        }
        String clientText = clients.size() == 1 ? "each client on " + clients.first() + " CPU(s)"
                : "clients on different CPU counts (" + String.join(", ", clients) + "): capacities differ";
        if (server.size() == 1 && server.first().startsWith("CPU")) {
            return "server on " + server.first() + " alone, " + clientText;
        }
        if (server.size() == 1 && server.first().equals("shared")) {
            return "server sharing the clients' CPUs, " + clientText;
        }
        return "server CPUs " + (server.size() == 1 ? server.first() : "differ between results (" + String.join(", ", server) + ")")
                + ", " + clientText;
    }

    /** "EVENT_LOOP 1000/s (up to 2% late, worst 26 ms)" for each result in which the server lagged in some fork (its mean share). */
    static List<String> laggedPoints(List<BenchmarkResult> rs) {
        List<String> out = new ArrayList<>();
        for (BenchmarkResult r : rs) {
            Metric share = r.secondary().get(SERVER_LATE_SHARE);
            Metric worst = r.secondary().get(SERVER_LATE_MAX);
            if (share == null || java.util.Arrays.stream(share.forkMeans()).noneMatch(v -> v > LAGGED_SHARE)) {
                continue;
            }
            double most = java.util.Arrays.stream(share.forkMeans()).max().orElse(Double.NaN);
            out.add(r.param(ParamNames.CLIENT) + " " + r.param(ParamNames.RATE) + "/s (up to " + Fmt.num(most * 100) + "% late"
                    + (worst == null ? "" : ", worst " + Fmt.num(worst.rawData().stream().flatMap(List::stream).mapToDouble(Double::doubleValue)
                    .max().orElse(Double.NaN)) + " ms")
                    + ")");
        }
        return out;
    }

    /** "≤ 5000/s (held 1000/s)", "> 5000/s", or the like, for the finding's line. */
    private static String saturationShort(CrossoverResult r) {
        double over = firstOver(r);
        if (Double.isInfinite(over)) {
            double lastHeld = lastHeld(r, Double.POSITIVE_INFINITY);
            return Double.isNaN(lastHeld) ? "unresolved" : "> " + Fmt.num(lastHeld) + "/s";
        }
        double held = lastHeld(r, over);
        return (Double.isNaN(held) ? "≤ " : "in (" + Fmt.num(held) + ", ") + Fmt.num(over) + (Double.isNaN(held) ? "" : "]") + "/s";
    }

    /** Where {@code client} saturates, and the rates measured for others at which it has no result. */
    private static String saturationText(String client, CrossoverResult r, TreeSet<Double> rates, List<BenchmarkResult> at) {
        double over = firstOver(r);
        double held = lastHeld(r, over);
        List<String> untold = r.steps().stream().filter(st -> st.state() != State.A_AHEAD && st.state() != State.B_AHEAD
                && st.x() > (Double.isNaN(held) ? Double.NEGATIVE_INFINITY : held) && st.x() < over).map(st -> Fmt.num(st.x()) + "/s").toList();
        String text = client + " " + (Double.isInfinite(over)
                ? (Double.isNaN(held) ? "cannot be told from the bound at any rate"
                : "holds it up to " + Fmt.num(held) + "/s" + (untold.isEmpty() ? ", the highest it ran" : ""))
                : "first over it at " + Fmt.num(over) + "/s" + (Double.isNaN(held) ? " (the lowest rate)" : ", held it at " + Fmt.num(held) + "/s"))
                + (untold.isEmpty() ? "" : "; cannot be told from it at " + String.join(", ", untold));
        List<String> missing = rates.stream().filter(x -> at.stream().noneMatch(b -> client.equals(b.param(ParamNames.CLIENT))
                && Double.parseDouble(b.param(ParamNames.RATE)) == x)).map(x -> Fmt.num(x) + "/s").toList();
        return missing.isEmpty() ? text : text + "; no result at " + String.join(", ", missing);
    }

    /** The highest rate below {@code before} at which {@code r} clearly held the bound, NaN when none. */
    private static double lastHeld(CrossoverResult r, double before) {
        return r.steps().stream().filter(s -> s.state() == State.A_AHEAD && s.x() < before).mapToDouble(Step::x).max().orElse(Double.NaN);
    }

    /** True when every fork of {@code r} ran after a client warm-up that settled ({@link #WARMUP_SETTLED} 1 in each). */
    public static boolean warmedUp(BenchmarkResult r) {
        Metric m = r.secondary().get(WARMUP_SETTLED);
        return m != null && m.forkMeans().length > 0 && java.util.Arrays.stream(m.forkMeans()).allMatch(v -> v >= 1);
    }

    /** The first rate clearly over the bound, or +∞ when none is. */
    static double firstOver(CrossoverResult r) {
        return r.steps().stream().filter(s -> s.state() == State.B_AHEAD).mapToDouble(Step::x).findFirst().orElse(Double.POSITIVE_INFINITY);
    }

    /**
     * Where {@code ch} pulls away from the blocking pool {@code pool}: the first rate at which the pool
     * is clearly over the bound and {@code ch} clearly within it.
     */
    static CrossoverFinding.Decision pullsAway(CrossoverInput in, String ch, CrossoverResult c, String pool, CrossoverResult b,
                                               double bound) {
        String subject = ch + " vs " + pool + " at p99 ≤ " + Fmt.num(bound) + " ms";
        Map<Double, State> mine = states(c);
        Map<Double, State> theirs = states(b);
        List<Double> rates = commonRates(c, b);
        if (rates.size() < 2) {
            return new CrossoverFinding.Decision(subject, Status.UNRESOLVED, null, Double.NaN, (rates.isEmpty() ? "no rate"
                    : "only one rate (" + Fmt.num(rates.getFirst()) + ")") + " measured for both: a crossover needs two or more");
        }
        // The last rate at which the pool clearly held the bound: the pull-away lies above it. Rates between it and
        // the first clearly over, where the pool's p99 cannot be told from the bound, widen the interval instead of
        // leaving it unresolved; the channel clearly within at the higher rate held it at the lower ones too.
        double lastHeld = Double.NaN;
        for (double x : rates) {
            State p = theirs.get(x);
            State m = mine.get(x);
            if (p == State.B_AHEAD) {
                if (m == State.A_AHEAD) {
                    boolean loOpen = Double.isNaN(lastHeld);
                    double lo = loOpen ? x : lastHeld;
                    Crossing cr = new Crossing(x, lo, x, loOpen, false, lo == x, lo, x, pool, ch, false, Crossing.Basis.GRID, false);
                    if (loOpen) {
                        return new CrossoverFinding.Decision(subject, Status.UNRESOLVED, cr, x, "at arrival rate ≤ " + Fmt.num(x)
                                + " requests/s (" + pool + " is over the bound at " + Fmt.num(x) + ", " + ch + " holds it there); "
                                + pool + " is not clearly within the bound at any lower rate measured; " + in.unresolved(OPEN_LOOP, null));
                    }
                    double held = lastHeld;
                    List<Double> between = rates.stream().filter(r -> r > held && r < x).toList();
                    String where = "at an arrival rate in (" + Fmt.num(lo) + ", " + Fmt.num(x) + "] requests/s (" + pool
                            + " holds the bound at " + Fmt.num(lo) + ", not at " + Fmt.num(x)
                            + (between.isEmpty() ? "" : "; its p99 cannot be told from the bound at "
                            + String.join(", ", between.stream().map(Fmt::num).toList()))
                            + "; " + ch + " holds it at " + Fmt.num(x) + ")";
                    return new CrossoverFinding.Decision(subject, Status.LOCATED, cr, x, where + ": by " + Fmt.num(x)
                            + " requests/s only " + ch + " serves the arrivals at this p99");
                }
                if (m == State.B_AHEAD) {
                    return new CrossoverFinding.Decision(subject, Status.NOT_REACHED, null, Double.NaN, "both leave the bound at "
                            + Fmt.num(x) + " requests/s (or earlier): " + ch + " does not pull away from " + pool);
                }
                return new CrossoverFinding.Decision(subject, Status.UNRESOLVED, null, Double.NaN, pool + " leaves the bound at "
                        + Fmt.num(x) + " requests/s, where " + ch + "'s p99 cannot be told from it; " + in.unresolved(OPEN_LOOP, null));
            }
            if (p == State.A_AHEAD) {
                lastHeld = x;
            }
        }
        return new CrossoverFinding.Decision(subject, Status.NOT_REACHED, null, Double.NaN, pool + " holds the bound (or cannot be "
                + "told from it) at every rate measured, " + Fmt.num(rates.getFirst()) + " – " + Fmt.num(rates.getLast())
                + " requests/s: not reached");
    }

    /** "3.1 [2.18, 4.4]": how many times the better side's figure the other's is, with its interval. */
    private static String times(dev.crossover.stats.Difference d) {
        return Fmt.num(d.betterRatio()) + " [" + Fmt.num(d.betterLow()) + ", " + Fmt.num(d.betterHigh()) + "]";
    }

    /** The arrival rates both results judged against the bound, ascending. */
    private static List<Double> commonRates(CrossoverResult c, CrossoverResult b) {
        List<Double> rates = new ArrayList<>(states(b).keySet());
        rates.retainAll(states(c).keySet());
        return rates;
    }

    private static Map<Double, State> states(CrossoverResult r) {
        Map<Double, State> out = new TreeMap<>();
        r.steps().forEach(s -> out.put(s.x(), s.state()));
        return out;
    }

    private static String pointsText(Curve c, CrossoverResult r, double bound) {
        Map<Double, State> st = states(r);
        List<String> out = new ArrayList<>();
        for (Point p : c.points()) {
            State s = st.get(p.x());
            out.add(Fmt.num(p.x()) + "/s " + Fmt.num(p.y()) + " ms (" + (s == State.A_AHEAD ? "within" : s == State.B_AHEAD ? "over"
                    : "cannot be told from") + " " + Fmt.num(bound) + " ms)");
        }
        return String.join(", ", out);
    }

    /**
     * Curves of a per-iteration secondary metric against the arrival rate, one per client: each point
     * the mean of the per-iteration values, its fork means from each fork's iterations.
     */
    static Map<String, Curve> curves(List<BenchmarkResult> rs, String metric, String unit) {
        Map<String, List<Point>> pts = new LinkedHashMap<>();
        for (BenchmarkResult r : rs) {
            Metric m = r.secondary().get(metric);
            String rate = r.param(ParamNames.RATE);
            String client = r.param(ParamNames.CLIENT);
            if (m == null || rate == null || client == null) {
                continue;
            }
            double[] forks = m.forkMeans();
            double y = m.value();
            if (!Double.isFinite(y) || java.util.Arrays.stream(forks).anyMatch(v -> !Double.isFinite(v))) {
                continue;
            }
            pts.computeIfAbsent(client, k -> new ArrayList<>()).add(new Point(Double.parseDouble(rate), y, m.valueError(),
                    r.key() + " · " + metric, forks));
        }
        Map<String, Curve> out = new LinkedHashMap<>();
        pts.forEach((client, p) -> out.put(client, new Curve(client, OPEN_LOOP.shortName(), ParamNames.RATE, unit, false, p)));
        return out;
    }
}
