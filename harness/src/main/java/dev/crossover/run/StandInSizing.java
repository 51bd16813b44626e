package dev.crossover.run;

import java.util.List;

/**
 * Stand-in until {@code dev.crossover.sizing} (CpuBudget, PoolSizer) lands on main: available
 * processors only, the symbolic forms of the contract. Deleted at that merge.
 */
final class StandInSizing implements Sizing {

    static final List<String> FORMS = List.of("1", "cores/2", "cores", "2*cores", "4*cores", "formula",
            "2*formula", "<a positive number>");

    private final Budget budget;

    private StandInSizing(Budget budget) {
        this.budget = budget;
    }

    static Sizing detect() {
        int n = Runtime.getRuntime().availableProcessors();
        return new StandInSizing(new Budget(n, "availableProcessors", n, null, null,
                List.of("cores = availableProcessors() = " + n + " (cgroup quota and cpuset not read by the stand-in)")));
    }

    static Sizing ofCores(int cores) {
        return new StandInSizing(new Budget(cores, "fixed", cores, null, null, List.of("cores fixed at " + cores)));
    }

    @Override
    public Budget budget() {
        return budget;
    }

    @Override
    public int resolve(String expr, double waitOverCompute) {
        int cores = budget.cores();
        int formula = (int) Math.min(10_000, Math.max(1, Math.round(cores * (1 + waitOverCompute))));
        String e = expr.replace(" ", "");
        return switch (e) {
            case "cores" -> cores;
            case "cores/2" -> Math.max(1, cores / 2);
            case "2*cores" -> 2 * cores;
            case "4*cores" -> 4 * cores;
            case "formula" -> formula;
            case "2*formula" -> 2 * formula;
            default -> {
                try {
                    int n = Integer.parseInt(e);
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    yield n;
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("pool size '" + expr + "' is not one of " + FORMS);
                }
            }
        };
    }

    @Override
    public List<String> forms() {
        return FORMS;
    }
}
