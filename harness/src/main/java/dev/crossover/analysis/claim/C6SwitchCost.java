package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Difference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C6: switching between processes costs more than between threads. Measured with SwitchCostBench:
 * the same primitive (a pipe ping-pong, a futex doorbell in shared memory) between two threads and
 * between two JVMs, both sides pinned to one CPU. The cost compared is the pinned round-trip time per
 * context switch counted in {@code /proc} for that pair, fork by fork, so the interval on the ratio
 * is the fork-based one. Unpinned runs are shown as cross-core wake-up latency and decide nothing.
 */
public final class C6SwitchCost implements ClaimRule {

    static final String BENCH = "SwitchCostBench";
    static final String PLACEMENT = ParamNames.PLACEMENT;
    static final String PINNED = "ONE_CPU";
    static final String UNPINNED = "ANY_CPU";
    /** Primitive → (thread pair, process pair). */
    static final Map<String, List<String>> PRIMITIVES = Map.of("pipe", List.of("pipeThreads", "pipeProcesses"),
            "futex doorbell", List.of("futexThreads", "futexProcesses"));
    static final List<String> ORDER = List.of("pipe", "futex doorbell");
    /** A pinned round trip switches the caller out once and the partner out once. */
    static final double MIN_SWITCHES_PER_ROUND_TRIP = 2;

    @Override
    public String id() {
        return "C6";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>();
        for (String p : ORDER) {
            for (String m : PRIMITIVES.get(p)) {
                out.add(BenchRef.of(BENCH, m).with(PLACEMENT, PINNED));
            }
        }
        return out;
    }

    /** Switches of one pair per round trip: per fork, and over every iteration; null when the counters are missing. */
    record Switches(double[] perForkTotal, double caller, double peer) {

        static Switches of(BenchmarkResult r) {
            Metric c = r.secondary().get("callerSwitches");
            Metric p = r.secondary().get("peerSwitches");
            Metric n = r.secondary().get("roundTrips");
            if (c == null || p == null || n == null || n.rawData().isEmpty() || n.rawData().size() != c.rawData().size()
                    || n.rawData().size() != p.rawData().size()) {
                return null;
            }
            int forks = n.rawData().size();
            double[] perFork = new double[forks];
            double sc = 0;
            double sp = 0;
            double sn = 0;
            for (int f = 0; f < forks; f++) {
                double fc = sum(c.rawData().get(f));
                double fp = sum(p.rawData().get(f));
                double fn = sum(n.rawData().get(f));
                perFork[f] = fn > 0 ? (fc + fp) / fn : Double.NaN;
                sc += fc;
                sp += fp;
                sn += fn;
            }
            return sn > 0 ? new Switches(perFork, sc / sn, sp / sn) : null;
        }

        private static double sum(List<Double> xs) {
            return xs.stream().mapToDouble(Double::doubleValue).sum();
        }

        double total() {
            return caller + peer;
        }

        String text() {
            return Fmt.num(total()) + " switches per round trip (caller " + Fmt.num(caller) + ", partner " + Fmt.num(peer) + ")";
        }
    }

    /** Round-trip time per switch, fork by fork: each fork's mean round trip over that fork's switches per round trip. */
    static double[] perSwitch(BenchmarkResult r, Switches s) {
        double[] means = r.primary().forkMeans();
        if (means.length != s.perForkTotal().length) {
            return new double[0];
        }
        double[] out = new double[means.length];
        for (int i = 0; i < means.length; i++) {
            out[i] = means[i] / s.perForkTotal()[i];
        }
        return out;
    }

    private static Evidence perSwitchEvidence(BenchmarkResult r, Switches s) {
        return new Evidence(r.key() + " · per switch", r.primary().score() / s.total(), Double.NaN,
                r.primary().unit().replace("/op", "/switch"), false);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> fewSwitches = new ArrayList<>();
        List<String> noCounters = new ArrayList<>();
        for (String prim : ORDER) {
            List<String> ms = PRIMITIVES.get(prim);
            BenchmarkResult t = in.one(BenchRef.of(BENCH, ms.get(0)).with(PLACEMENT, PINNED), "avgt");
            BenchmarkResult p = in.one(BenchRef.of(BENCH, ms.get(1)).with(PLACEMENT, PINNED), "avgt");
            if (t == null || p == null) {
                continue;
            }
            Switches st = Switches.of(t);
            Switches sp = Switches.of(p);
            if (st == null || sp == null) {
                noCounters.add(prim);
                continue;
            }
            figures.add(new Figure("pinned " + prim + ", thread pair: round trip", Evidence.of(t), "; " + st.text()));
            figures.add(new Figure("pinned " + prim + ", process pair: round trip", Evidence.of(p), "; " + sp.text()));
            if (st.total() < MIN_SWITCHES_PER_ROUND_TRIP) {
                fewSwitches.add(prim + " thread pair (" + Fmt.num(st.total()) + ")");
            }
            if (sp.total() < MIN_SWITCHES_PER_ROUND_TRIP) {
                fewSwitches.add(prim + " process pair (" + Fmt.num(sp.total()) + ")");
            }
            cmps.add(new Comparison("pinned " + prim + ", time per switch: threads vs processes", perSwitchEvidence(t, st),
                    perSwitchEvidence(p, sp), Difference.of(perSwitch(t, st), perSwitch(p, sp), false, in.threshold()),
                    Comparison.Expect.BETTER));
        }
        for (String prim : ORDER) {
            List<String> ms = PRIMITIVES.get(prim);
            BenchmarkResult t = in.one(BenchRef.of(BENCH, ms.get(0)).with(PLACEMENT, UNPINNED), "avgt");
            BenchmarkResult p = in.one(BenchRef.of(BENCH, ms.get(1)).with(PLACEMENT, UNPINNED), "avgt");
            if (t != null && p != null) {
                cmps.add(Comparison.of("unpinned " + prim + " (cross-core wake-up latency, not a switch cost): threads vs processes",
                        t, p, Comparison.Expect.NONE, in.threshold()));
            }
        }
        if (cmps.stream().noneMatch(c -> c.expect() == Comparison.Expect.BETTER)) {
            String why = noCounters.isEmpty() ? "" : "; the pinned results of " + String.join(", ", noCounters)
                    + " lack callerSwitches, peerSwitches or roundTrips";
            return ClaimDecision.notMeasured(id(), "SwitchCostBench pinned (placement=ONE_CPU) thread and process pairs of one primitive "
                    + "(avgt) with their switch counters" + why + in.unservedNote(), in.rerun());
        }
        VerdictKind k = Decide.kind(cmps);
        String settle = null;
        if (!fewSwitches.isEmpty()) {
            // fewer switches than hand-overs: the pinned time is not a switch cost, whatever the intervals say
            k = VerdictKind.INCONCLUSIVE;
            settle = "a pinned run in which each side really sleeps, on a machine where sched_setaffinity takes (check "
                    + "Cpus_allowed_list in /proc and that no spin-wait answers first): java -jar benchmarks/target/benchmarks.jar "
                    + "SwitchCostBench -p placement=ONE_CPU -f 3, or " + in.rerun();
        } else if (k == VerdictKind.INCONCLUSIVE) {
            settle = in.rerunFull();
        }
        return new ClaimDecision(id(), k, cmps, figures, Map.of("fewSwitches", fewSwitches), null, settle);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Both pairs use the same primitive, so what differs is the switch: between threads of one JVM the kernel "
                + "keeps the address space, between JVMs it changes it (page tables, and the TLB where it is not tagged).";
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        List<String> few = d.group("fewSwitches");
        String lead = "Pinned to one CPU, every hand-over must switch: the cost compared is the pinned round-trip time divided by "
                + "the context switches counted for that pair in /proc (caller and partner thread, voluntary and involuntary), "
                + "thread pair against process pair for each primitive; the claim expects the thread pair cheaper. The target is at "
                + "least 2 switches per pinned round trip. Unpinned runs are cross-core wake-up latency, shown, not judged. ";
        String gist = few.isEmpty() ? Text.gist(d)
                : "pinned runs counted fewer than 2 switches per round trip (" + String.join(", ", few) + "): not a switch cost";
        if (!few.isEmpty()) {
            lead += "Inconclusive: " + String.join(", ", few) + " counted fewer than 2 switches per round trip, so the pinned time "
                    + "is not the cost of a switch. ";
        }
        return new Prose(gist, lead + Text.method(d) + Text.bullets(d), note,
                d.kind() == VerdictKind.DEPENDS ? "the primitive: " + Text.split(d) : null);
    }
}
