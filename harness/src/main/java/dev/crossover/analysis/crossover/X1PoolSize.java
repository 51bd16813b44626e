package dev.crossover.analysis.crossover;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * X1: the smallest pool size that reaches 95% of peak CPU-bound throughput, per executor, against
 * the core count. Pool sizes are integers, so the answer is a measured size (or a range of
 * integers when sizes between two measured ones were not run); each size is judged on its fork
 * means against the peak's.
 */
public final class X1PoolSize implements CrossoverRule {

    /** The pool-size sweep of the CPU-bound load. */
    public static final BenchmarkRef POOL_SWEEP = BenchmarkRef.of("CpuBoundBench", "poolSweep", "thrpt")
            .with(ParamNames.EXECUTOR, "THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM");

    /** Every benchmark X1 reads. */
    public static final List<BenchmarkRef> REFERENCES = List.of(POOL_SWEEP);

    @Override
    public String id() {
        return "X1";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        Map<String, Curve> curves = in.curves("X1", POOL_SWEEP, ParamNames.POOL_SIZE, ParamNames.EXECUTOR, r -> true);
        if (curves.isEmpty()) {
            return in.missing("X1", "CpuBoundBench.poolSweep (executor × poolSize)");
        }
        Gathered g = new Gathered();
        for (Curve c : curves.values()) {
            SmallestReaching s = SmallestReaching.of(c, 0.95, "95% of " + c.label() + "'s peak");
            g.results.add(s.result());
            Crossing mark = s.mark(c.label());
            g.marks.add(mark);
            Refinement.Proposal p = s.exact() ? null : in.refine("X1 " + c.label(), mark, true, c);
            if (p != null) {
                g.refine.add(p);
            }
            String vsCores = in.cores() == null ? "core count unknown"
                    : "cores = " + in.cores() + (s.answer() == in.cores() ? ": at the core count"
                    : s.answer() < in.cores() ? ": below the core count" : ": above the core count");
            String answer = s.text();
            String line = c.label() + ": peak " + Fmt.score(s.best().y(), s.best().error(), c.unit()) + " at pool = "
                    + Fmt.num(s.best().x()) + "; smallest pool at ≥ 95% of it: " + answer + " (" + vsCores + "); "
                    + s.result().statesText();
            if (!s.belowAgain().isEmpty()) {
                line += "; below 95% again at pool = " + String.join(", ", s.belowAgain().stream().map(Fmt::num).toList());
            }
            if (!s.exact()) {
                line += "; " + in.unresolved(POOL_SWEEP, s.unclear() ? null : p);
            }
            g.details.add(line);
            g.parts.add(c.label() + " " + (s.exact() ? answer : Fmt.num(s.lo()) + " – " + Fmt.num(s.hi())
                    + (s.unclear() ? " (unresolved at " + in.preset() + " settings)" : " (sizes between not measured)")));
            g.decisions.add(new CrossoverFinding.Decision(c.label(), s.exact() ? CrossoverFinding.Status.LOCATED
                    : CrossoverFinding.Status.RANGE, mark, s.answer(), answer));
        }
        String summary = "smallest pool at ≥ 95% of peak: " + String.join(", ", g.parts)
                + (in.cores() == null ? "" : " (cores = " + in.cores() + ")");
        ChartSpec chart = new ChartSpec("x1-pool-size.png", "X1 — CPU-bound throughput against pool size",
                "pool size (threads or worker processes)", "tasks/s (" + curves.values().iterator().next().unit() + ")",
                new ArrayList<>(curves.values()), g.marks, in.cores() == null ? null : (double) in.cores(), List.of());
        return new CrossoverFinding("X1", in.title("X1"), true, summary, g.details, g.results, CrossoverInput.evidence(curves),
                chart, g.refine, g.decisions);
    }
}
