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
 * X5: the chunk size from which a pool's {@code map} throughput stays within 5% of its best, per
 * executor. Chunk sizes are integers: the answer is a measured chunk size, or the range of integers
 * between the last size clearly short of 95% of the best and the first clearly at it; each size is
 * judged on its fork means against the best one's.
 */
public final class X5ChunkSize implements CrossoverRule {

    /** A map of many small tasks, per executor and chunk size. */
    public static final BenchmarkRef MAP = BenchmarkRef.of("PoolMapBench", "map", "thrpt")
            .with(ParamNames.EXECUTOR, "THREADS", "PROCESS_PIPE", "PROCESS_SHM");

    /**
     * A limit of the method, stated with every answer shorter than full's: the 5% level moves with the
     * iteration length, which the intervals on fork means do not cover.
     */
    public static final String ITERATION_LIMIT = "Limit: at these settings the 5% level also moves with the iteration length "
            + "(short iterations weigh each map's uneven last round and first calls more), which these intervals do not cover; "
            + "two quick runs and a full run of one code disagreed beyond them for shared memory (docs/repeatability.md): "
            + "read X5 from a full run";

    /** Every benchmark X5 reads. */
    public static final List<BenchmarkRef> REFERENCES = List.of(MAP);

    @Override
    public String id() {
        return "X5";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        Map<String, Curve> curves = in.curves("X5", MAP, ParamNames.CHUNK_SIZE, ParamNames.EXECUTOR, r -> true);
        if (curves.isEmpty()) {
            return in.missing("X5", "PoolMapBench.map (executor × chunkSize)");
        }
        Gathered g = new Gathered();
        for (Curve c : curves.values()) {
            SmallestReaching s = SmallestReaching.of(c, 0.95, "95% of " + c.label() + "'s best");
            g.results.add(s.result());
            Crossing mark = s.mark(c.label());
            g.marks.add(mark);
            Refinement.Proposal p = s.exact() ? null : in.refine("X5 " + c.label(), mark, true, c);
            if (p != null) {
                g.refine.add(p);
            }
            String answer = s.text();
            String line = c.label() + ": best " + Fmt.score(s.best().y(), s.best().error(), c.unit()) + " at chunk "
                    + Fmt.num(s.best().x()) + "; within 5% of it from chunk " + answer + "; " + s.result().statesText();
            if (!s.belowAgain().isEmpty()) {
                line += "; falls below 95% again at chunk " + String.join(", ", s.belowAgain().stream().map(Fmt::num).toList());
            }
            if (!s.exact()) {
                line += "; " + in.unresolved(MAP, s.unclear() ? null : p);
            }
            g.details.add(line);
            g.parts.add(c.label() + " from chunk " + (s.exact() ? answer : Fmt.num(s.lo()) + " – " + Fmt.num(s.hi())
                    + (s.unclear() ? " (unresolved at " + in.preset() + " settings)" : " (sizes between not measured)")));
            g.decisions.add(new CrossoverFinding.Decision(c.label(), s.exact() ? CrossoverFinding.Status.LOCATED
                    : CrossoverFinding.Status.RANGE, mark, s.answer(), answer));
        }
        if (!"full".equals(in.preset())) {
            g.details.add(ITERATION_LIMIT);
        }
        ChartSpec chart = new ChartSpec("x5-map-chunk-size.png", "X5 — map of 10,000 small tasks against chunk size",
                "chunk size (tasks per chunk)", "tasks/s (" + curves.values().iterator().next().unit() + ")",
                new ArrayList<>(curves.values()), g.marks, null, List.of());
        return new CrossoverFinding("X5", in.title("X5"), true, "within 5% of the best: " + String.join("; ", g.parts),
                g.details, g.results, CrossoverInput.evidence(curves), chart, g.refine, g.decisions);
    }
}
