package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C4: with a GIL threads can be slower than one process on CPU-bound work. Not applicable: the JVM has
 * no GIL. What holds instead is measured: the speedup of a thread pool at pool = cores over one
 * thread on the same CPU-bound task, with its fork-based interval; the I/O half is C13's experiment.
 */
public final class C4Gil implements ClaimRule {

    static final BenchRef SWEEP = BenchRef.of("CpuBoundBench", "poolSweep");
    static final BenchRef SWEEP_THREADS = SWEEP.with(ParamNames.EXECUTOR, "THREADS");
    static final BenchRef SINGLE = BenchRef.of("CpuBoundBench", "singleThread");
    static final BenchRef IO = BenchRef.of("IoBoundBench", "requests");

    @Override
    public String id() {
        return "C4";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(SWEEP_THREADS, SWEEP.with(ParamNames.EXECUTOR, "PROCESS_PIPE"), SINGLE, IO);
    }

    @Override
    public List<String> alsoReads() {
        return List.of("C13");
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        if (in.cores() != null && in.cores() == 1) {
            return new ClaimDecision(id(), VerdictKind.INCONCLUSIVE, List.of(), List.of(), Map.of("oneCore", List.of("1")), null,
                    "a run on a machine (or cgroup) with at least 2 cores");
        }
        BenchmarkResult atCores = null;
        BenchmarkResult atOne = null;
        for (BenchmarkResult r : in.all(SWEEP_THREADS, "thrpt")) {
            if (in.isCores(r.param(ParamNames.POOL_SIZE))) {
                atCores = r;
            }
            if ("1".equals(r.param(ParamNames.POOL_SIZE))) {
                atOne = r;
            }
        }
        BenchmarkResult single = atCores == null ? null
                : in.one(SINGLE.with(ParamNames.TASK_UNITS, String.valueOf(atCores.param(ParamNames.TASK_UNITS))), "thrpt");
        BenchmarkResult base = single != null ? single : atOne;
        if (atCores == null || base == null) {
            return ClaimDecision.notMeasured(id(), "CpuBoundBench.poolSweep with THREADS at pool = cores and pool = 1 (or singleThread)"
                    + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        Comparison speed = Comparison.of("CPU-bound, THREADS pool = cores (" + in.cores() + ") vs " + (single != null ? "singleThread" : "pool = 1"),
                atCores, base, Comparison.Expect.NONE, in.threshold());
        cmps.add(speed);
        BenchmarkResult proc = in.all(SWEEP.with(ParamNames.EXECUTOR, "PROCESS_PIPE"), "thrpt").stream()
                .filter(r -> in.isCores(r.param(ParamNames.POOL_SIZE))).findFirst().orElse(null);
        if (proc != null) {
            cmps.add(Comparison.of("CPU-bound at pool = cores, THREADS vs PROCESS_PIPE", atCores, proc, Comparison.Expect.NONE, in.threshold()));
        }
        List<Figure> figures = new ArrayList<>();
        List<BenchmarkResult> io = in.all(IO, "thrpt");
        List<String> conc = in.values(io, ParamNames.CONCURRENCY);
        if (!conc.isEmpty()) {
            String top = conc.getLast();
            io.stream().filter(r -> top.equals(r.param(ParamNames.CONCURRENCY))).forEach(r -> figures.add(
                    Figure.of("I/O-bound, concurrency " + top + ", " + r.param(ParamNames.EXECUTOR), Evidence.of(r))));
        }
        boolean resolved = speed.outcome() != Outcome.UNRESOLVED;
        return new ClaimDecision(id(), resolved ? VerdictKind.NOT_APPLICABLE : VerdictKind.INCONCLUSIVE, cmps, figures,
                Map.of("cores", in.cores() == null ? List.of() : List.of(String.valueOf(in.cores()))), null,
                resolved ? null : in.rerunFull());
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "The JVM has no global interpreter lock: every Java thread (platform or virtual, once mounted) "
                + "runs interpreted and JIT-compiled code on its own core at the same time as the others; threads serialise "
                + "only where they share a lock or a contended cache line. The notes' premise is CPython's GIL, so on the JVM a "
                + "thread pool is the first choice for CPU-bound work too, and processes cost extra (serialisation, a second heap).";
        if (!d.group("oneCore").isEmpty()) {
            return new Prose("one core: no parallelism can show", "This run had one core: no parallelism can show.", note, null);
        }
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        Comparison speed = d.comparisons().getFirst();
        String ideal = d.group("cores").isEmpty() ? "" : " (ideal ×" + d.group("cores").getFirst() + ")";
        String speedup = Fmt.times(speed.ratio()) + (speed.diff().interval().known()
                ? " [" + Fmt.times(speed.diff().betterLow()) + ", " + Fmt.times(speed.diff().betterHigh()) + "]" : "");
        String what = switch (speed.outcome()) {
            case AHEAD -> "a thread pool at pool = cores ran CPU-bound work " + speedup + " as fast as one thread" + ideal;
            case TIE -> "a thread pool at pool = cores ran CPU-bound work no faster than one thread (" + speedup
                    + "): look at the noise evidence (load, steal) before believing it";
            case BEHIND -> "a thread pool at pool = cores ran CPU-bound work slower than one thread (" + speedup
                    + "), which the JVM does not predict: look at the noise evidence (load, steal) before believing it";
            case UNRESOLVED -> "the speedup of a thread pool at pool = cores over one thread, " + speedup
                    + ", is not resolved by the fork intervals";
        };
        String lead = d.kind() == VerdictKind.NOT_APPLICABLE
                ? "Not applicable: the claim's premise, a global interpreter lock, does not exist on the JVM. What holds instead: " + what + ". "
                : "The claim's premise (a GIL) does not exist on the JVM, but this run cannot say what holds instead: " + what + ". ";
        return new Prose("no GIL on the JVM; " + what, lead + Text.method(d) + Text.bullets(d), note, null);
    }
}
