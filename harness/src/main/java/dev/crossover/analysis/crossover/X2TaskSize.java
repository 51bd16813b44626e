package dev.crossover.analysis.crossover;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinder;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * X2: the task size at which a warm process pool (pipe; shared memory) reaches 90% and 95% of a
 * thread pool's throughput at pool = cores. No model is assumed for the share between grid
 * points: the interval runs between the nearest task sizes measured clearly below and clearly at
 * the level (fork means of both pools at each size), and refinement points inside narrow it.
 */
public final class X2TaskSize implements CrossoverRule {

    /** The task-size sweep at pool = cores. */
    public static final BenchmarkRef TASK_SIZE_SWEEP = BenchmarkRef.of("CpuBoundBench", "taskSizeSweep", "thrpt")
            .with(ParamNames.EXECUTOR, "THREADS", "PROCESS_PIPE", "PROCESS_SHM");

    /** One work unit's time on one thread, to say what a task size means. */
    public static final BenchmarkRef UNIT = BenchmarkRef.of("CpuUnitBench", "unit", "avgt");

    /** Every benchmark X2 reads. */
    public static final List<BenchmarkRef> REFERENCES = List.of(TASK_SIZE_SWEEP, UNIT);

    @Override
    public String id() {
        return "X2";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        Map<String, Curve> curves = in.curves("X2", TASK_SIZE_SWEEP, ParamNames.TASK_UNITS, ParamNames.EXECUTOR, r -> true);
        Curve threads = curves.get("THREADS");
        if (threads == null) {
            return in.missing("X2", "CpuBoundBench.taskSizeSweep with executor = THREADS and a process executor");
        }
        double us = in.microsPerUnit();
        Gathered g = new Gathered();
        boolean found = false;
        for (String proc : List.of("PROCESS_PIPE", "PROCESS_SHM")) {
            Curve p = curves.get(proc);
            if (p == null) {
                continue;
            }
            for (double f : new double[]{0.90, 0.95}) {
                String ref = Math.round(f * 100) + "% of THREADS";
                CrossoverResult r = CrossoverFinder.reaching(p, threads, f, ref);
                g.results.add(r);
                Crossing c = Decide.firstWhereLeads(r, proc);
                Refinement.Proposal prop = in.refine("X2 " + proc + " " + ref, c, true, p, threads.scaled(f, ref));
                if (prop != null) {
                    g.refine.add(prop);
                }
                CrossoverFinding.Decision d = Decide.of(in, TASK_SIZE_SWEEP, proc + " " + ref, r, c, proc, prop, in::units);
                g.decisions.add(d);
                if (c != null) {
                    g.marks.add(c.relabelled(proc + " at " + ref));
                }
                found |= d.status() == CrossoverFinding.Status.LOCATED || d.status() == CrossoverFinding.Status.FROM_START;
                g.details.add(proc + " reaches " + ref + ": " + d.text() + " (" + r.statesText() + ")");
                g.parts.add(proc + " " + Math.round(f * 100) + "% " + switch (d.status()) {
                    case LOCATED -> "at ≈ " + in.units(c.x()) + " [" + Fmt.num(c.lo()) + " – " + Fmt.num(c.hi()) + "]";
                    case UNRESOLVED -> "unresolved at " + in.preset() + " settings (" + (c == null ? "no point shows it clearly" : c.loOpen() ? "≤ " + Fmt.num(c.hi())
                            : "≥ " + Fmt.num(c.lo())) + ")";
                    case FROM_START -> "from the smallest task";
                    default -> "not reached";
                });
            }
        }
        if (g.results.isEmpty()) {
            return in.missing("X2", "CpuBoundBench.taskSizeSweep with executor = PROCESS_PIPE or PROCESS_SHM");
        }
        if (Double.isFinite(us)) {
            g.details.add("one work unit = " + Fmt.num(us) + " µs on one thread (CpuUnitBench.unit)");
        }
        List<Curve> ratios = new ArrayList<>();
        for (String proc : List.of("PROCESS_PIPE", "PROCESS_SHM")) {
            Curve p = curves.get(proc);
            if (p != null) {
                ratios.add(ratio(p, threads, proc + " ÷ THREADS"));
            }
        }
        ChartSpec chart = new ChartSpec("x2-task-size.png", "X2 — process pool throughput as a share of the thread pool's (pool = cores)",
                "task size (CpuWork units per task" + (Double.isFinite(us) ? "; 1 unit ≈ " + Fmt.num(us) + " µs" : "") + ")",
                "process ÷ thread throughput", ratios, g.marks, null, List.of(0.90, 0.95), List.of("90% of THREADS", "95% of THREADS"));
        return new CrossoverFinding("X2", in.title("X2"), found, String.join("; ", g.parts), g.details, g.results,
                CrossoverInput.evidence(curves), chart, g.refine, g.decisions);
    }

    /** {@code num ÷ den} at every x both measured, its error from the relative errors in quadrature (for the chart). */
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
}
