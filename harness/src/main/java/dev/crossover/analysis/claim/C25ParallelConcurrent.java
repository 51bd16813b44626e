package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C25: parallel means the CPU executes at the same time; concurrent need not. Measured with
 * SchedulerParallelismBench: the same virtual threads in flight under a scheduler of one carrier
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}) and of the default (one per core). The claim
 * expects the I/O-bound throughput at parallelism 1 not below the default's (tie or better: a waiting
 * virtual thread holds no carrier) and the CPU-bound throughput at the default above parallelism 1's.
 * Both on fork-based intervals; each result's own {@code parallelism} counter (read from the JDK in the
 * fork) must show two different parallelisms, else nothing was compared.
 *
 * <p>Reported beside the verdict as figures, not tests: where concurrency without parallelism stops,
 * because a virtual thread keeps its carrier: CarrierStarvationBench (CPU-bound virtual threads on
 * every carrier delay a sleeping virtual thread's wake-up; a platform thread beside them is
 * time-sliced in) and PinningBench (blocking inside {@code synchronized} or a {@code ReentrantLock}
 * unmounts on JDK 25; inside a native frame it pins, counted by JFR).
 */
public final class C25ParallelConcurrent implements ClaimRule {

    static final String BENCH = "SchedulerParallelismBench";
    static final BenchRef IO_ONE = BenchRef.of(BENCH, "ioParallelismOne");
    static final BenchRef IO_CORES = BenchRef.of(BENCH, "ioParallelismCores");
    static final BenchRef CPU_ONE = BenchRef.of(BENCH, "cpuParallelismOne");
    static final BenchRef CPU_CORES = BenchRef.of(BENCH, "cpuParallelismCores");
    static final String STARVATION = "CarrierStarvationBench";
    static final BenchRef SLEEP_IDLE = BenchRef.of(STARVATION, "virtualSleepIdle");
    static final BenchRef SLEEP_BESIDE_CPU = BenchRef.of(STARVATION, "virtualSleepBesideCpu");
    static final BenchRef PLATFORM_BESIDE_CPU = BenchRef.of(STARVATION, "platformSleepBesideCpu");
    static final String PINNING = "PinningBench";
    static final BenchRef REENTRANT = BenchRef.of(PINNING, "reentrantLock");
    static final BenchRef MONITOR = BenchRef.of(PINNING, "synchronizedMonitor");
    static final BenchRef NATIVE = BenchRef.of(PINNING, "nativeFrame");

    /** The secondary result in which each fork reports its scheduler's parallelism. */
    static final String PARALLELISM = "parallelism";
    static final String PEAK = "peakInFlight";
    static final String PINNED = "pinnedEvents";

    @Override
    public String id() {
        return "C25";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(IO_ONE, IO_CORES, CPU_ONE, CPU_CORES, SLEEP_IDLE, SLEEP_BESIDE_CPU, PLATFORM_BESIDE_CPU, REENTRANT, MONITOR, NATIVE);
    }

    /** The mean per-iteration value of an {@code @AuxCounters} result, or null. */
    static Double counter(BenchmarkResult r, String name) {
        Metric m = r == null ? null : r.secondary().get(name);
        if (m == null) {
            return null;
        }
        double v = m.value();
        return Double.isFinite(v) ? v : null;
    }

    /** The parallelism a result ran with: its own counter, else what its method promises (1, or the run's cores). */
    private static Double parallelism(ClaimInput in, BenchmarkResult r, boolean one) {
        Double p = counter(r, PARALLELISM);
        if (p != null) {
            return p;
        }
        return one ? Double.valueOf(1) : in.cores() == null ? null : Double.valueOf(in.cores());
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        BenchmarkResult ioOne = in.one(IO_ONE, "thrpt");
        BenchmarkResult ioCores = in.one(IO_CORES, "thrpt");
        BenchmarkResult cpuOne = in.one(CPU_ONE, "thrpt");
        BenchmarkResult cpuCores = in.one(CPU_CORES, "thrpt");
        boolean io = ioOne != null && ioCores != null;
        boolean cpu = cpuOne != null && cpuCores != null;
        if (!io && !cpu) {
            return ClaimDecision.notMeasured(id(), BENCH + " at parallelism 1 and at the default, on I/O-bound (ioParallelismOne, "
                    + "ioParallelismCores) or CPU-bound load (cpuParallelismOne, cpuParallelismCores), thrpt" + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        String scaling = null;
        if (io) {
            Double p1 = parallelism(in, ioOne, true);
            Double pn = parallelism(in, ioCores, false);
            if (p1 == null || pn == null || p1.equals(pn)) {
                same.add("I/O-bound (parallelism " + text(p1) + " and " + text(pn) + ")");
            } else {
                cmps.add(Comparison.of("I/O-bound, " + load(ioOne) + ": parallelism " + Fmt.num(p1) + " vs " + Fmt.num(pn),
                        ioOne, ioCores, Comparison.Expect.NOT_WORSE, in.threshold()));
            }
            for (BenchmarkResult r : List.of(ioOne, ioCores)) {
                Evidence peak = Evidence.secondary(r, PEAK);
                if (peak != null) {
                    Double bound = counter(r, "littleBoundOps");
                    figures.add(new Figure("requests the server held at once, " + r.methodName(), peak,
                            "; concurrency " + r.param("concurrency") + (bound == null ? "" : ", Little's-law bound "
                                    + Fmt.num(bound) + " requests/s")));
                }
            }
        } else {
            notMeasured.add("the I/O-bound half (ioParallelismOne, ioParallelismCores)");
        }
        if (cpu) {
            Double p1 = parallelism(in, cpuOne, true);
            Double pn = parallelism(in, cpuCores, false);
            if (p1 == null || pn == null || p1.equals(pn)) {
                same.add("CPU-bound (parallelism " + text(p1) + " and " + text(pn) + ")");
            } else {
                Comparison c = Comparison.of("CPU-bound, " + load(cpuCores) + ": parallelism " + Fmt.num(pn) + " vs " + Fmt.num(p1),
                        cpuCores, cpuOne, Comparison.Expect.BETTER, in.threshold());
                cmps.add(c);
                double ideal = pn / p1;
                boolean covers = c.diff().interval().known() && c.diff().betterLow() <= ideal && ideal <= c.diff().betterHigh();
                scaling = "the CPU-bound speedup " + c.ratioText() + " against " + Fmt.times(ideal) + ", the ratio of the parallelisms: "
                        + (!c.diff().interval().known() ? "no interval to tell"
                        : covers ? "its interval covers it" : c.diff().betterHigh() < ideal ? "below it (the carriers did not get "
                        + "whole cores: other load, or fewer cores than processors)" : "above it");
            }
        } else {
            notMeasured.add("the CPU-bound half (cpuParallelismOne, cpuParallelismCores)");
        }
        starvation(in, cmps, figures);
        pinning(in, cmps, figures);
        groups.put("same", same);
        groups.put("notMeasured", notMeasured);
        groups.put("scaling", scaling == null ? List.of() : List.of(scaling));
        VerdictKind k = Decide.kind(cmps);
        String settle = null;
        if (cmps.stream().allMatch(c -> c.expect() == Comparison.Expect.NONE)) {
            // only figures: the parallelisms compared were equal, so the claim was not put to the test
            k = VerdictKind.INCONCLUSIVE;
            settle = "a run on at least 2 cores without jdk.virtualThreadScheduler.* flags in --jmh (the default parallelism is "
                    + "the fork's processors): " + in.rerun();
            if (figures.isEmpty() && cmps.isEmpty()) {
                return new ClaimDecision(id(), k, cmps, figures, groups, BENCH + " results at two different parallelisms"
                        + " (this run's: " + String.join("; ", same) + ")", settle);
            }
        } else if (k == VerdictKind.HOLDS && cmps.stream().anyMatch(c -> c.agreement() == Comparison.Agreement.UNRESOLVED)) {
            // the claim has two halves, concurrency kept at one carrier and speed gained with more: one agreeing
            // half with the other unresolved does not make it hold
            k = VerdictKind.INCONCLUSIVE;
            settle = in.rerunFull();
        } else if (k == VerdictKind.INCONCLUSIVE) {
            settle = in.rerunFull();
        }
        return new ClaimDecision(id(), k, cmps, figures, groups, null, settle);
    }

    /** Starvation: the same sleep beside CPU-bound virtual threads and alone, and a platform thread beside them. */
    private static void starvation(ClaimInput in, List<Comparison> cmps, List<Figure> figures) {
        BenchmarkResult idle = in.one(SLEEP_IDLE, "sample");
        BenchmarkResult beside = in.one(SLEEP_BESIDE_CPU, "sample");
        BenchmarkResult platform = in.one(PLATFORM_BESIDE_CPU, "sample");
        String slice = beside == null ? "" : " (each CPU-bound virtual thread leaves its carrier every " + beside.param("cpuTaskMs") + " ms)";
        if (idle != null && beside != null) {
            cmps.add(Comparison.of("starvation: a virtual thread's 1 ms sleep, carriers idle vs beside CPU-bound virtual threads on "
                    + "every carrier" + slice, idle, beside, Comparison.Expect.NONE, in.threshold()));
        }
        if (platform != null && beside != null) {
            cmps.add(Comparison.of("time-slicing: a platform thread's 1 ms sleep vs a virtual thread's, both beside the CPU-bound "
                    + "virtual threads", platform, beside, Comparison.Expect.NONE, in.threshold()));
        }
        for (BenchmarkResult r : java.util.Arrays.asList(idle, beside, platform)) {
            if (r != null) {
                String tail = C13ThreadPoolIo.percentiles(r);
                figures.add(new Figure("sleep latency, " + r.methodName(), Evidence.of(r), tail));
            }
        }
    }

    /** Pinning: blocking under a monitor and inside a native frame against a ReentrantLock, with JFR's pinned counts. */
    private static void pinning(ClaimInput in, List<Comparison> cmps, List<Figure> figures) {
        BenchmarkResult lock = in.one(REENTRANT, "thrpt");
        BenchmarkResult monitor = in.one(MONITOR, "thrpt");
        BenchmarkResult nat = in.one(NATIVE, "thrpt");
        Double threads = counter(lock, "concurrency");
        Double carriers = counter(lock, PARALLELISM);
        String where = threads == null || carriers == null ? "" : " (" + Fmt.num(threads) + " virtual threads on " + Fmt.num(carriers) + " carriers)";
        if (lock != null && monitor != null) {
            cmps.add(Comparison.of("pinning: blocking inside synchronized vs inside a ReentrantLock" + where, monitor, lock,
                    Comparison.Expect.NONE, in.threshold()));
        }
        if (lock != null && nat != null) {
            cmps.add(Comparison.of("pinning: blocking inside a native frame (FFM upcall) vs inside a ReentrantLock" + where, nat, lock,
                    Comparison.Expect.NONE, in.threshold()));
        }
        for (BenchmarkResult r : java.util.Arrays.asList(lock, monitor, nat)) {
            Evidence pins = r == null ? null : Evidence.secondary(r, PINNED);
            if (pins != null) {
                double perSecond = r.primary().score();
                figures.add(new Figure("JFR jdk.VirtualThreadPinned events, " + r.methodName(), pins,
                        "; " + Fmt.num(perSecond) + " blocking sections/s"));
            }
        }
    }

    private static String load(BenchmarkResult r) {
        List<String> parts = new ArrayList<>();
        r.params().forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }

    private static String text(Double p) {
        return p == null ? "unknown" : Fmt.num(p);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM a virtual thread that blocks unmounts from its carrier (JEP 444), so one carrier keeps any number "
                + "of waiting virtual threads concurrent; parallelism is the scheduler's carrier count (jdk.virtualThreadScheduler."
                + "parallelism, by default the available processors; metadata.json records the forks' value under "
                + "virtualThreadScheduler). Concurrency without parallelism stops where a virtual thread keeps its carrier: the "
                + "scheduler does not time-slice CPU-bound virtual threads, and a native frame pins (synchronized no longer does "
                + "since JDK 24, JEP 491).";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        StringBuilder lead = new StringBuilder("The same virtual threads in flight under a scheduler of one carrier and of the "
                + "default, each fork's parallelism read from the JDK: the claim expects I/O-bound throughput at parallelism 1 not "
                + "below the default's (waiting virtual threads hold no carrier) and CPU-bound throughput higher at the default "
                + "(only running threads need a CPU). ");
        if (!d.group("same").isEmpty()) {
            lead.append("Not compared, the parallelisms being equal: ").append(String.join("; ", d.group("same"))).append(". ");
        }
        if (!d.group("notMeasured").isEmpty()) {
            lead.append("Not measured in this run: ").append(String.join("; ", d.group("notMeasured"))).append(". ");
        }
        d.group("scaling").forEach(s -> lead.append("Scaling: ").append(s).append(". "));
        boolean limits = d.comparisons().stream().anyMatch(c -> c.label().startsWith("starvation") || c.label().startsWith("pinning"));
        if (limits) {
            lead.append("Where concurrency without parallelism stops (figures, not tests): a sleeping virtual thread beside CPU-bound "
                    + "virtual threads on every carrier, against idle carriers and against a platform thread, which the OS "
                    + "time-slices in (CarrierStarvationBench, sample mode); and more virtual threads than carriers blocking inside "
                    + "a ReentrantLock, a synchronized block and a native frame, with JFR's count of pinned events (PinningBench). ");
        }
        String gist = d.kind() == VerdictKind.INCONCLUSIVE && !d.group("same").isEmpty() && d.comparisons().stream()
                .allMatch(c -> c.expect() == Comparison.Expect.NONE) ? "one parallelism only: " + String.join("; ", d.group("same"))
                : Text.gist(d);
        return new Prose(gist, lead + Text.method(d) + Text.bullets(d), note,
                d.kind() == VerdictKind.DEPENDS ? "the load: " + Text.split(d) : null);
    }
}
