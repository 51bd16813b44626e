package dev.crossover.run;

import dev.crossover.sizing.CpuBudget;

import java.util.List;

/**
 * Where the run plan gets the core count and pool sizes: {@code dev.crossover.sizing} ({@code CpuBudget},
 * {@code PoolSizer}) behind the few operations the plan, {@code env} and the metadata need.
 */
public interface Sizing {

    /** The CPU budget as recorded in {@code metadata.json} and printed by {@code crossover env}. */
    record Budget(int cores, String source, int availableProcessors, Double cgroupQuotaCores, String cpuset,
                  List<String> explanation) {
        public Budget {
            explanation = List.copyOf(explanation);
        }
    }

    /** What this JVM may really use. */
    Budget budget();

    /**
     * A symbolic pool size ({@code cores}, {@code 2*cores}, {@code formula}, a number …) as a number.
     *
     * @param waitOverCompute W/C of the task, for the blocking formula; 0 for CPU-bound work
     * @throws IllegalArgumentException for an expression that is not one of {@link #forms()}
     */
    int resolve(String expr, double waitOverCompute);

    /** The accepted symbolic forms, for error messages. */
    List<String> forms();

    /** Sizing of this machine. */
    static Sizing detect() {
        return new BudgetSizing(CpuBudget.detect());
    }

    /** Sizing of a machine with exactly {@code cores} cores (tests, examples). */
    static Sizing ofCores(int cores) {
        return new BudgetSizing(new CpuBudget(cores, "fixed", cores, Double.NaN, null, null,
                List.of("cores fixed at " + cores)));
    }
}
