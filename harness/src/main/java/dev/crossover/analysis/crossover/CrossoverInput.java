package dev.crossover.analysis.crossover;

import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Curves;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.results.Units;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a crossover rule reads from one run, and the few things every rule does alike: curves of the
 * results serving an ID, the core count, the preset, refinement proposals, and the sentence for a
 * crossing the preset could not resolve.
 */
public final class CrossoverInput {

    private final String preset;
    private final Integer cores;
    private final Curves.SizeResolver sizes;
    private final List<BenchmarkResult> shown;
    private final List<BenchmarkResult> raw;
    private final Function<String, List<BenchmarkResult>> served;
    private final Function<String, String> titles;
    private final Map<String, Integer> byKey = new HashMap<>();

    /**
     * @param preset  the run's preset ({@code quick}, {@code full}, …), null when unknown
     * @param cores   the run's core budget, null when unknown
     * @param sizes   turns pool-size symbols into numbers
     * @param shown   the results, pool sizes that depend on another param given back their symbol
     * @param raw     the results exactly as JMH ran them, in the same order as {@code shown}
     * @param served  the results of the classes serving an ID
     * @param titles  the catalogue's one-line text of an ID
     */
    public CrossoverInput(String preset, Integer cores, Curves.SizeResolver sizes, List<BenchmarkResult> shown,
                          List<BenchmarkResult> raw, Function<String, List<BenchmarkResult>> served,
                          Function<String, String> titles) {
        this.preset = preset;
        this.cores = cores;
        this.sizes = sizes;
        this.shown = List.copyOf(shown);
        this.raw = List.copyOf(raw);
        this.served = served;
        this.titles = titles;
        for (int i = 0; i < shown.size(); i++) {
            byKey.putIfAbsent(shown.get(i).key(), i);
        }
    }

    /** The core budget, or null. */
    public Integer cores() {
        return cores;
    }

    /** The preset's id, {@code quick} when unknown (the default a user runs). */
    public String preset() {
        return preset == null ? "quick" : preset;
    }

    /** The catalogue's text of {@code id}. */
    public String title(String id) {
        return titles.apply(id);
    }

    /** Results of the classes serving {@code id}. */
    public List<BenchmarkResult> served(String id) {
        return served.apply(id);
    }

    /** Curves of {@code ref} among the results serving {@code id}, one per {@code seriesParam} value. */
    public Map<String, Curve> curves(String id, BenchmarkRef ref, String xParam, String seriesParam,
                                     Predicate<BenchmarkResult> where) {
        List<BenchmarkResult> rs = served(id).stream().filter(where).toList();
        return Curves.of(rs, ref.shortName(), ref.mode(), xParam, seriesParam, sizes);
    }

    /** The number a param value stands for ({@code cores}, {@code 2*cores}, {@code 8}), or null. */
    public Double numeric(String value) {
        return sizes.numeric(value);
    }

    /** True when the param value stands for the core count. */
    public boolean isCores(String value) {
        if ("cores".equals(value)) {
            return true;
        }
        Double v = sizes.numeric(value);
        return v != null && cores != null && v.intValue() == cores;
    }

    /** CpuUnitBench.unit as microseconds per work unit, or NaN when the run lacks it. */
    public double microsPerUnit() {
        return microsPerUnit(shown);
    }

    /** CpuUnitBench.unit as microseconds per work unit among {@code results}, or NaN. */
    public static double microsPerUnit(List<BenchmarkResult> results) {
        for (BenchmarkResult r : results) {
            if (r.shortName().equals("CpuUnitBench.unit")) {
                return Units.toSecondsPerOp(r.primary().score(), r.primary().unit()) * 1e6;
            }
        }
        return Double.NaN;
    }

    /** "93 units (≈ 87.5 µs of work)". */
    public String units(double units) {
        double us = microsPerUnit();
        return Fmt.num(units) + (Double.isFinite(us) ? " units (≈ " + Fmt.micros(units * us) + " of work)" : " units");
    }

    /** A finding for a crossover whose benchmarks are not in the run. */
    public CrossoverFinding missing(String id, String what) {
        return new CrossoverFinding(id, title(id), false,
                "not measured in this run: needs " + what + " (run with -Dbench.claims=" + id + ")",
                List.of(), List.of(), List.of(), null, List.of());
    }

    /** Every point of the curves, with its result key. */
    public static List<Evidence> evidence(Map<String, Curve> curves) {
        List<Evidence> out = new ArrayList<>();
        curves.values().forEach(c -> c.points().forEach(p -> out.add(Evidence.of(p, c))));
        return out;
    }

    /**
     * "unresolved at quick settings: run `…` to resolve it": the command that would resolve a
     * crossing this run could not pin down. The refinement's own command when points inside would
     * do; otherwise the full preset (more forks and iterations) or, at full, more forks.
     */
    public String unresolved(BenchmarkRef ref, Refinement.Proposal proposal) {
        String include = "--include '^" + ref.className() + "\\." + ref.method() + "$'";
        String command;
        if (proposal != null && proposal.blocker() == null && !proposal.fixed().isEmpty()) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            proposal.fixed().forEach(m -> m.forEach((k, v) -> params.computeIfAbsent(k, q -> new ArrayList<>()).add(v)));
            params.replaceAll((k, v) -> v.stream().distinct().toList());
            params.put(proposal.xParam(), proposal.values());
            StringBuilder jmh = new StringBuilder();
            params.forEach((k, v) -> jmh.append(jmh.isEmpty() ? "" : " ").append("-p ").append(k).append('=').append(String.join(",", v)));
            command = "scripts/crossover run --preset " + preset() + " --no-refine " + include
                    + " --jmh \"" + jmh + "\"";
        } else if (!"full".equals(preset())) {
            command = "scripts/crossover run --preset full " + include;
        } else {
            command = "scripts/crossover run --preset full " + include + " --jmh \"-f 6\"";
        }
        return "unresolved at " + preset() + " settings; `" + command + "` would resolve it";
    }

    /**
     * Proposes extra x values inside a crossing's interval, with the params the bracketing points of
     * {@code compared} ran with (raw, as JMH got them), so the run command can repeat exactly those
     * configurations at the new x values. Null when the crossing needs none.
     */
    public Refinement.Proposal refine(String what, Crossing c, boolean integral, Curve... compared) {
        if (c == null || c.gridHit()) {
            return null;
        }
        java.util.Set<Double> measured = new java.util.HashSet<>();
        for (Curve curve : compared) {
            curve.points().forEach(pt -> measured.add(pt.x()));
        }
        List<Double> xs = Refinement.propose(c, 2, integral).stream().filter(v -> !measured.contains(v)).toList();
        if (xs.isEmpty()) {
            return null;
        }
        Curve first = compared[0];
        String mode = null;
        String blocker = null;
        List<Map<String, String>> fixed = new ArrayList<>();
        for (Curve curve : compared) {
            Point p = curve.at(c.bracketLo()) != null ? curve.at(c.bracketLo()) : curve.at(c.bracketHi());
            Integer i = p == null || p.key() == null ? null : byKey.get(p.key());
            if (i == null) {
                blocker = "no measured bracketing point of " + curve.label() + " to copy the params from";
                break;
            }
            BenchmarkResult r = raw.get(i);
            BenchmarkResult s = shown.get(i);
            boolean sizedByX = s.params().entrySet().stream().anyMatch(e -> !e.getValue().equals(r.param(e.getKey()))
                    && e.getValue().contains("formula"));
            if (sizedByX && first.xParam().equals(ParamNames.WAIT_FRACTION)) {
                // a formula-sized pool is another number at every wait fraction: repeating the bracketing size would measure another pool
                blocker = "pool " + curve.label() + " is sized from the wait fraction, so each new point needs its own size";
                break;
            }
            mode = r.mode();
            Map<String, String> m = new LinkedHashMap<>(r.params());
            m.remove(first.xParam());
            if (!fixed.contains(m)) {
                fixed.add(m);
            }
        }
        return new Refinement.Proposal(what.substring(0, 2), first.benchmark(), first.xParam(), Refinement.asParams(xs), what,
                mode, blocker == null ? fixed : List.of(), blocker);
    }
}
