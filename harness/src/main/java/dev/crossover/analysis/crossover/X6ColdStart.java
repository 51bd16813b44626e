package dev.crossover.analysis.crossover;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinder;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.LineFit;
import dev.crossover.stats.RatioInterval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * X6: the job size at which spawning a process pool and running the job on it beats running it on
 * one thread. Both costs are linear in the job size (one thread: size × time per unit; a cold pool:
 * its start-up plus size × time per unit ÷ workers), so each side is fitted as a + b·size on its
 * fork means and the crossing is where the lines meet, with Fieller's interval, checked against
 * every point measured clearly on one side.
 */
public final class X6ColdStart implements CrossoverRule {

    /** Whole-job time of one thread and of a freshly started process pool, per job size. */
    public static final BenchmarkRef JOB = BenchmarkRef.of("ColdStartBench", "job", "ss")
            .with(ParamNames.EXECUTOR, "ONE_THREAD", "PROCESS_POOL");

    /** The floor of a child's start: a bare JVM with the same flags replying to one message. */
    public static final BenchmarkRef BARE_CHILD = BenchmarkRef.of("SpawnBench", "bareChild", "ss");

    /**
     * What one child JVM costs to start (shown beside the pool's intercept): a worker answering its
     * first task on the full class path, on the slim worker jar, from its AOT cache (how a pool starts
     * once the cache is made), and the bare child.
     */
    public static final List<BenchmarkRef> SPAWN = List.of(BenchmarkRef.of("SpawnBench", "childWorkerFullPath", "ss"),
            BenchmarkRef.of("SpawnBench", "childWorker", "ss"), BenchmarkRef.of("SpawnBench", "childWorkerAot", "ss"), BARE_CHILD);

    /** Every benchmark X6 reads. */
    public static final List<BenchmarkRef> REFERENCES = java.util.stream.Stream.concat(java.util.stream.Stream.of(JOB),
            SPAWN.stream()).toList();

    @Override
    public String id() {
        return "X6";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        Map<String, Curve> curves = in.curves("X6", JOB, ParamNames.JOB_UNITS, ParamNames.EXECUTOR, r -> true);
        Curve one = curves.get("ONE_THREAD");
        Curve pool = curves.get("PROCESS_POOL");
        if (one == null || pool == null) {
            return in.missing("X6", "ColdStartBench.job with executor = ONE_THREAD and PROCESS_POOL");
        }
        CrossoverFinder.Linear lin = CrossoverFinder.linear(pool, one);
        Crossing c = lin.crossing();
        List<Refinement.Proposal> refine = new ArrayList<>();
        Refinement.Proposal prop = c != null && c.basis() == Crossing.Basis.GRID ? in.refine("X6", c, true, pool, one) : null;
        if (prop != null) {
            refine.add(prop);
        }
        CrossoverFinding.Decision d = Decide.of(in, JOB, "PROCESS_POOL vs ONE_THREAD", lin.grid(), c, "PROCESS_POOL", prop, in::units);
        String summary = switch (d.status()) {
            case LOCATED -> "a cold process pool beats one thread from a job of ≈ " + in.units(c.x()) + " [" + Fmt.num(c.lo()) + " – "
                    + Fmt.num(c.hi()) + (c.basis() == Crossing.Basis.LINEAR_MODEL ? ", linear cost model]" : "]");
            case UNRESOLVED -> "where a cold process pool beats one thread is unresolved at " + in.preset() + " settings";
            case FROM_START -> "a cold process pool wins already at the smallest job measured (" + in.units(lin.grid().xMin()) + ")";
            default -> "not reached between jobUnits = " + Fmt.num(lin.grid().xMin()) + " and " + Fmt.num(lin.grid().xMax())
                    + ": one thread stays faster";
        };
        List<String> details = new ArrayList<>();
        details.add("PROCESS_POOL vs ONE_THREAD: " + d.text() + (lin.note().isEmpty() ? "" : " (" + lin.note() + ")"));
        if (lin.fitA() != null) {
            details.add("fitted costs (" + one.unit() + "): " + line("PROCESS_POOL", lin.fitA()) + "; " + line("ONE_THREAD", lin.fitB()));
        }
        details.add("measured: " + lin.grid().statesText());
        BenchmarkResult bare = spawn(in, BARE_CHILD);
        for (BenchmarkRef ref : SPAWN) {
            BenchmarkResult sp = spawn(in, ref);
            if (sp != null) {
                String vsBare = "";
                if (bare != null && ref != BARE_CHILD) {
                    RatioInterval r = RatioInterval.of(sp.primary().forkMeans(), bare.primary().forkMeans());
                    vsBare = "; " + Fmt.times(r.ratio()) + " the bare child's time" + (r.known()
                            ? " [" + Fmt.times(r.low()) + " – " + Fmt.times(r.high()) + ", " + r.forksA() + " vs " + r.forksB() + " forks]"
                            : " (one fork: no interval)");
                }
                details.add("starting one child JVM (" + ref.shortName() + "): " + Evidence.of(sp).scoreText() + vsBare);
            }
        }
        ChartSpec chart = new ChartSpec("x6-cold-start.png", "X6 — cold start: whole job time against job size",
                "job size (CpuWork units in total)", "time per job (" + one.unit() + ")", List.of(one, pool),
                c == null ? List.of() : List.of(c), null, List.of());
        boolean found = d.status() == CrossoverFinding.Status.LOCATED || d.status() == CrossoverFinding.Status.FROM_START;
        return new CrossoverFinding("X6", in.title("X6"), found, summary, details, List.of(lin.grid()),
                CrossoverInput.evidence(curves), chart, refine, List.of(d));
    }

    private static BenchmarkResult spawn(CrossoverInput in, BenchmarkRef ref) {
        return in.served("X6").stream().filter(r -> r.shortName().equals(ref.shortName())).findFirst().orElse(null);
    }

    private static String line(String label, LineFit f) {
        return label + " = " + Fmt.num(f.a()) + " + " + String.format(java.util.Locale.ROOT, "%.4g", f.b()) + " × units (scatter "
                + Math.round(f.cv() * 1000) / 10.0 + "%)";
    }
}
