package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds curves from results: results of one {@code Class.method} (and one mode) grouped by the
 * series param, with a numeric param on the x axis; every other param must be equal within a curve
 * (a result with different other params goes to a separate series, labelled with them).
 */
public final class Curves {

    private Curves() {
    }

    /**
     * Curves of {@code shortName} ({@code Class.method}) in {@code mode} (null: the first mode seen)
     * with x = {@code xParam}, one per value of {@code seriesParam} (null: one curve called "all").
     * Symbolic x values ({@code cores}, {@code 2*cores}) are turned into numbers by {@code sizes};
     * points whose x cannot be made numeric are left out. Series keep the order first seen.
     */
    public static Map<String, Curve> of(List<BenchmarkResult> results, String shortName, String mode,
                                        String xParam, String seriesParam, SizeResolver sizes) {
        String useMode = mode;
        // other params enter a label only when they vary, so a fixed delayMs=100 does not clutter it
        Map<String, java.util.Set<String>> values = new java.util.HashMap<>();
        for (BenchmarkResult r : results) {
            if (r.shortName().equals(shortName) && (mode == null || r.mode().equals(mode))) {
                r.params().forEach((k, v) -> values.computeIfAbsent(k, q -> new java.util.HashSet<>()).add(v));
            }
        }
        java.util.Set<String> varying = new java.util.HashSet<>();
        values.forEach((k, v) -> {
            if (v.size() > 1) {
                varying.add(k);
            }
        });
        Map<String, List<Point>> pts = new LinkedHashMap<>();
        String unit = null;
        boolean higher = true;
        for (BenchmarkResult r : results) {
            if (!r.shortName().equals(shortName) || r.param(xParam) == null) {
                continue;
            }
            if (useMode == null) {
                useMode = r.mode();
            }
            if (!r.mode().equals(useMode)) {
                continue;
            }
            Double x = sizes.numeric(r.param(xParam));
            if (x == null) {
                continue;
            }
            String label = label(r, xParam, seriesParam, varying);
            unit = r.primary().unit();
            higher = r.higherIsBetter();
            pts.computeIfAbsent(label, k -> new ArrayList<>())
                    .add(new Point(x, r.primary().score(), r.primary().scoreError(), r.key(), r.primary().forkMeans()));
        }
        Map<String, Curve> out = new LinkedHashMap<>();
        for (var e : pts.entrySet()) {
            // two results at one x (the same size reached through two symbols) keep the first
            Map<Double, Point> byX = new TreeMap<>();
            e.getValue().forEach(p -> byX.putIfAbsent(p.x(), p));
            out.put(e.getKey(), new Curve(e.getKey(), shortName, xParam, unit, higher, new ArrayList<>(byX.values())));
        }
        return out;
    }

    private static String label(BenchmarkResult r, String xParam, String seriesParam, java.util.Set<String> varying) {
        StringBuilder b = new StringBuilder(seriesParam == null ? "all" : String.valueOf(r.param(seriesParam)));
        List<String> others = new ArrayList<>();
        r.params().forEach((k, v) -> {
            if (!k.equals(xParam) && !k.equals(seriesParam) && varying.contains(k)) {
                others.add(k + "=" + v);
            }
        });
        if (!others.isEmpty()) {
            b.append(" (").append(String.join(", ", others)).append(")");
        }
        return b.toString();
    }

    /** Results of {@code shortName} in {@code mode}, by result key order. */
    public static List<BenchmarkResult> select(List<BenchmarkResult> results, String shortName, String mode) {
        return results.stream().filter(r -> r.shortName().equals(shortName)
                && (mode == null || r.mode().equals(mode))).toList();
    }

    /**
     * Turns param values into numbers: plain numbers, and pool-size symbols through the run's
     * {@code sizes} table or the core count ({@code cores}, {@code k*cores}, {@code cores/k}).
     */
    public record SizeResolver(Integer cores, Map<String, String> sizes) {

        /** Plain numbers only. */
        public static SizeResolver none() {
            return new SizeResolver(null, Map.of());
        }

        /** The number a value stands for, or null. */
        public Double numeric(String value) {
            if (value == null) {
                return null;
            }
            String v = value.trim();
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException ignored) {
                // a symbol: resolved below
            }
            if (sizes.containsKey(v)) {
                try {
                    return Double.parseDouble(sizes.get(v));
                } catch (NumberFormatException ignored) {
                    return null;
                }
            }
            if (cores == null) {
                return null;
            }
            String s = v.replace(" ", "");
            if (s.equals("cores")) {
                return (double) cores;
            }
            try {
                if (s.endsWith("*cores")) {
                    return Double.parseDouble(s.substring(0, s.length() - 6)) * cores;
                }
                if (s.startsWith("cores/")) {
                    return Math.max(1, Math.floor(cores / Double.parseDouble(s.substring(6))));
                }
            } catch (NumberFormatException ignored) {
                return null;
            }
            return null;
        }
    }
}
