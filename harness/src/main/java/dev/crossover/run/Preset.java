package dev.crossover.run;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a run measures and how long: presets choose configurations, not only durations.
 * Iteration settings left null fall back to the benchmark's own annotations.
 */
public enum Preset {
    /** One configuration per benchmark group, 1 fork, no warm-up (it proves, it does not measure), one short iteration; never gates. */
    SMOKE(Selection.ONE, new RunSettings(1, 0, 0.2, 1, 0.2),
            "every benchmark class once at its cheapest configuration: proves it works and leaves nothing behind"),
    /**
     * The sweeps that feed the crossovers X1–X7 (every value of the params their rules read, or the values a class
     * keeps with {@link QuickGrid}; the first declared mode) with 3 forks, since a crossover's interval rests on
     * fork means alone; one configuration of every other method (of the methods {@link QuickGrid#methods()} names,
     * where a class names them) with 2 forks to gate regressions, where the comparison moderates each benchmark's
     * fork-to-fork variance with all the others' (docs/regression.md).
     */
    QUICK(Selection.CROSSOVERS, new RunSettings(3, 1, 0.5, 2, 0.5), 2,
            "the sweeps that feed X1-X7 (the values their rules read, a class's @QuickGrid, first declared mode; sample-time tails only in full), 3 forks, "
                    + "plus one configuration of every other benchmark method (a class's @QuickGrid methods where it names them) as the regression-gating set, 2 forks"),
    /** Every declared configuration, 3 forks, iterations as the benchmarks declare them. */
    FULL(Selection.ALL, new RunSettings(3, null, null, null, null),
            "every declared configuration, 3 forks, the benchmarks' own iteration settings");

    /** Which configurations of a group run. */
    public enum Selection {
        /** The cheapest single configuration of every group. */
        ONE,
        /** Every configuration of groups serving a crossover (X*), one of every other group. */
        CROSSOVERS,
        /** Every configuration. */
        ALL
    }

    private final Selection selection;
    private final RunSettings settings;
    private final String description;
    private final Integer gatingForks;

    Preset(Selection selection, RunSettings settings, String description) {
        this(selection, settings, settings.forks(), description);
    }

    Preset(Selection selection, RunSettings settings, Integer gatingForks, String description) {
        this.selection = selection;
        this.settings = settings;
        this.gatingForks = gatingForks;
        this.description = description;
    }

    /** Forks of a {@link Selection#CROSSOVERS} group that is no crossover sweep: one configuration gating regressions. */
    public Integer gatingForks() {
        return gatingForks;
    }

    public Selection selection() {
        return selection;
    }

    /** Forks and iterations the preset imposes (null: the benchmark's annotation). */
    public RunSettings settings() {
        return settings;
    }

    public String description() {
        return description;
    }

    /** {@code smoke}, {@code quick}, {@code full}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepted preset names, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Preset::id).toList();
    }

    /** @throws IllegalArgumentException naming the accepted presets */
    public static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.id().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; accepted: " + String.join(", ", names()));
    }
}
