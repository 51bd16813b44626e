package dev.crossover.analysis;

import dev.crossover.analysis.crossover.CrossoverInput;
import dev.crossover.analysis.crossover.CrossoverRule;
import dev.crossover.analysis.crossover.X1PoolSize;
import dev.crossover.analysis.crossover.X2TaskSize;
import dev.crossover.analysis.crossover.X3Concurrency;
import dev.crossover.analysis.crossover.X4WaitFraction;
import dev.crossover.analysis.crossover.X5ChunkSize;
import dev.crossover.analysis.crossover.X6ColdStart;
import dev.crossover.analysis.crossover.X7BlockingVsNonBlocking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The crossover rules X1–X7 of CLAIMS.md, one class each in {@code dev.crossover.analysis.crossover},
 * and what they are given from a run. A crossover without data says which class and run would
 * produce it.
 */
public final class CrossoverRules {

    private CrossoverRules() {
    }

    private static final List<CrossoverRule> ALL = List.of(new X1PoolSize(), new X2TaskSize(), new X3Concurrency(),
            new X4WaitFraction(), new X5ChunkSize(), new X6ColdStart(), new X7BlockingVsNonBlocking());

    private static final Map<String, CrossoverRule> BY_ID = new LinkedHashMap<>();

    static {
        ALL.forEach(r -> BY_ID.put(r.id(), r));
    }

    /** Every crossover rule, in ID order (each lists the benchmarks it reads). */
    public static List<CrossoverRule> all() {
        return ALL;
    }

    /** The crossover IDs that have a rule. */
    public static Set<String> ids() {
        return BY_ID.keySet();
    }

    static CrossoverFinding find(String id, Analysis.Context ctx) {
        CrossoverRule rule = BY_ID.get(id);
        if (rule == null) {
            return new CrossoverFinding(id, ctx.catalog.text(id), false,
                    "no rule reads " + id + " yet; the harness needs one (see CrossoverRules)", List.of(), List.of(),
                    List.of(), null, List.of());
        }
        return rule.find(input(ctx));
    }

    /** What the rules read from the analysis context. */
    static CrossoverInput input(Analysis.Context ctx) {
        return new CrossoverInput(ctx.data.metadata().preset(), ctx.cores, ctx.sizes, ctx.results, ctx.data.results(),
                ctx::served, ctx.catalog::text);
    }

    /** CpuUnitBench.unit as microseconds per work unit, or NaN when the run lacks it. */
    static double microsPerUnit(Analysis.Context ctx) {
        return CrossoverInput.microsPerUnit(ctx.results);
    }
}
