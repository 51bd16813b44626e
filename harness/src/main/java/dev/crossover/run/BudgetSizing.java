package dev.crossover.run;

import dev.crossover.sizing.CpuBudget;
import dev.crossover.sizing.PoolSizer;

import java.util.List;

/** Sizing from {@code dev.crossover.sizing}: the CPU budget this JVM really has, and PoolSizer's size forms. */
final class BudgetSizing implements Sizing {

    private final CpuBudget budget;

    BudgetSizing(CpuBudget budget) {
        this.budget = budget;
    }

    @Override
    public Budget budget() {
        return new Budget(budget.cores(), budget.source(), budget.availableProcessors(),
                Double.isNaN(budget.cgroupQuotaCores()) ? null : budget.cgroupQuotaCores(), budget.cpuset(),
                budget.explanation());
    }

    @Override
    public int resolve(String expr, double waitOverCompute) {
        return PoolSizer.resolve(expr, budget, waitOverCompute);
    }

    @Override
    public List<String> forms() {
        return PoolSizer.FORMS;
    }
}
