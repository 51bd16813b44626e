package dev.crossover.run;

import dev.crossover.analysis.Refinement;
import org.openjdk.jmh.annotations.Mode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adaptive refinement as the run command does it: which of the analysis' proposals (extra x values
 * between two grid points around a crossing) run after the planned groups, within the preset's time
 * budget, each as one extra JMH group repeating the bracketing points' params at the new x values.
 *
 * @param runs    the proposals that fit, each with its group ({@code jmh-refine-<n>.json})
 * @param skipped the proposals left out, with why and the command that would run them
 */
public record RefinementPlan(List<Planned> runs, List<Skipped> skipped) {

    public RefinementPlan {
        runs = List.copyOf(runs);
        skipped = List.copyOf(skipped);
    }

    /** A proposal that runs, as the group that runs it. */
    public record Planned(Refinement.Proposal proposal, SweepPlan.Group group) {
    }

    /** A proposal that does not run: why, and the command that would run it (null when none would). */
    public record Skipped(Refinement.Proposal proposal, String why, String command, double estimateSeconds) {
    }

    /** Seconds of extra runs a preset allows: none for smoke (it proves things work, it does not measure). */
    public static double budgetSeconds(Preset preset) {
        return switch (preset) {
            case SMOKE -> 0;
            case QUICK -> 60;
            case FULL -> 300;
        };
    }

    /** True when a run of {@code preset} refines: never for smoke, never with {@code --no-refine}. */
    public static boolean enabled(Preset preset, boolean noRefine) {
        return !noRefine && budgetSeconds(preset) > 0;
    }

    /**
     * Chooses the proposals to run, in the order given, while their estimates fit in {@code budgetSeconds};
     * a proposal that does not fit is skipped and later smaller ones may still run.
     *
     * @param plan       the run's plan: each proposal's group copies the settings and mode of the group that
     *                   measured its benchmark
     * @param benchmarks the discovered benchmarks (annotations for the estimate)
     */
    public static RefinementPlan choose(List<Refinement.Proposal> proposals, SweepPlan plan, List<BenchmarkInfo> benchmarks,
                                        double budgetSeconds) {
        List<Planned> runs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        double left = budgetSeconds;
        for (Refinement.Proposal p : proposals) {
            if (p.blocker() != null || p.fixed().isEmpty()) {
                skipped.add(new Skipped(p, p.blocker() == null ? "the bracketing points' params are unknown" : p.blocker(), null, 0));
                continue;
            }
            String dot = p.benchmark().lastIndexOf('.') < 0 ? "" : p.benchmark().substring(p.benchmark().lastIndexOf('.') + 1);
            BenchmarkInfo bi = benchmarks.stream().filter(b -> b.shortName().equals(p.benchmark())).findFirst().orElse(null);
            SweepPlan.Group source = plan.groups().stream().filter(g -> bi != null && g.className().equals(bi.className())
                    && g.methods().contains(dot)).findFirst().orElse(null);
            Map<String, List<String>> params;
            try {
                params = params(p);
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(p, e.getMessage(), null, 0));
                continue;
            }
            String command = command(plan.preset(), p.benchmark(), params);
            if (bi == null || source == null) {
                skipped.add(new Skipped(p, "benchmark " + p.benchmark() + " was not part of this run's plan", command, 0));
                continue;
            }
            if (!seen.add(p.benchmark() + " " + params)) {
                skipped.add(new Skipped(p, "the same points run already for an earlier proposal", null, 0));
                continue;
            }
            Mode mode = p.mode() == null ? source.modes().getFirst() : Mode.deepValueOf(p.mode());
            int configurations = params.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
            double estimate = SweepPlan.estimateSeconds(source.settings(), bi, List.of(mode), configurations);
            if (estimate > left) {
                skipped.add(new Skipped(p, "needs ~" + Progress.duration(estimate) + ", " + Progress.duration(Math.max(0, left))
                        + " of the " + Progress.duration(budgetSeconds) + " refinement budget left", command, estimate));
                continue;
            }
            left -= estimate;
            String id = "refine-" + (runs.size() + 1);
            runs.add(new Planned(p, new SweepPlan.Group(id, bi.className(), List.of(dot), List.of(mode), true, params,
                    source.serves(), configurations, source.settings(), estimate)));
        }
        return new RefinementPlan(runs, skipped);
    }

    /**
     * The JMH params of a proposal: the bracketing points' params as they ran, the new x values, and
     * nothing else. The compared curves differ in one param (the series, e.g. the executor), so their
     * values together with the new x values make exactly the configurations wanted, never more.
     *
     * @throws IllegalArgumentException when the compared points differ in more than one param (a product would
     *                                  then measure configurations nobody asked for)
     */
    static Map<String, List<String>> params(Refinement.Proposal p) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (Map<String, String> fixed : p.fixed()) {
            fixed.forEach((k, v) -> values.computeIfAbsent(k, q -> new LinkedHashSet<>()).add(v));
        }
        long varying = values.values().stream().filter(v -> v.size() > 1).count();
        if (varying > 1 || p.fixed().stream().anyMatch(m -> !m.keySet().equals(values.keySet()))) {
            throw new IllegalArgumentException("the compared points of " + p.what() + " differ in more than one param: " + p.fixed());
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, List.copyOf(v)));
        out.put(p.xParam(), p.values());
        return out;
    }

    /** The command that runs exactly these points later. */
    static String command(Preset preset, String benchmark, Map<String, List<String>> params) {
        StringBuilder jmh = new StringBuilder();
        params.forEach((k, v) -> jmh.append(jmh.isEmpty() ? "" : " ").append("-p ").append(k).append('=').append(String.join(",", v)));
        return "scripts/crossover run --preset " + preset.id() + " --no-refine --include '^" + benchmark.replace(".", "\\.")
                + "$' --jmh \"" + jmh + "\"";
    }
}
