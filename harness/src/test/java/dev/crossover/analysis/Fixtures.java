package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds synthetic results and curves for the analysis tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** The recorded 2-core run under src/test/resources. */
    static Path recordedRun() {
        return Path.of("src", "test", "resources", "fixtures", "run-2core");
    }

    static Curve curve(String label, double[] xs, double[] ys, double relError) {
        List<Point> ps = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            ps.add(new Point(xs[i], ys[i], ys[i] * relError, label + "@" + xs[i]));
        }
        return new Curve(label, "T.m", "x", "ops/s", true, ps);
    }

    /**
     * A curve whose points carry three fork means, {@code y·(1 − cv)}, {@code y}, {@code y·(1 + cv)}:
     * a fork spread of about {@code cv} around each score, the same at every run of the test.
     */
    static Curve forked(String label, double[] xs, double[] ys, double cv) {
        List<Point> ps = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            double[] f = {ys[i] * (1 - cv), ys[i], ys[i] * (1 + cv)};
            ps.add(new Point(xs[i], ys[i], ys[i] * cv * 3, label + "@" + xs[i], f));
        }
        return new Curve(label, "T.m", "x", "ops/s", true, ps);
    }

    /** As {@link #forked}, in a lower-is-better unit. */
    static Curve forkedLowerBetter(String label, double[] xs, double[] ys, double cv) {
        Curve c = forked(label, xs, ys, cv);
        return new Curve(label, c.benchmark(), c.xParam(), "ms/op", false, c.points());
    }

    static Curve lowerBetter(String label, double[] xs, double[] ys, double relError) {
        Curve c = curve(label, xs, ys, relError);
        return new Curve(label, c.benchmark(), c.xParam(), "ms/op", false, c.points());
    }

    static BenchmarkResult result(String shortName, String mode, double score, double error, String unit, String... kv) {
        return result(shortName, mode, score, error, unit, Map.of(), kv);
    }

    static BenchmarkResult result(String shortName, String mode, double score, double error, String unit,
                                  Map<String, Metric> secondary, String... kv) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            params.put(kv[i], kv[i + 1]);
        }
        return new BenchmarkResult("dev.crossover.bench." + shortName, mode, 1, 3, "1.37", "java", List.of(), "25",
                "vm", "25", 3, "1 s", 3, "1 s", params, metric(score, error, unit), secondary, null);
    }

    static Metric metric(double score, double error, String unit) {
        return new Metric(score, error, unit, List.of(), Map.of());
    }

    /** A run of {@code results} on a machine with {@code cores} cores and the given serves map. */
    static RunData run(List<BenchmarkResult> results, Integer cores, Map<String, List<String>> serves) {
        RunMetadata m = new RunMetadata(1, "quick", null, null, null, "25", "test", "Linux", "test CPU", cores, "test",
                cores == null ? Map.of() : Map.of("cores", String.valueOf(cores)), null, null, null, null, List.of(), null);
        return new RunData(null, results, m, List.of(), serves, List.of());
    }
}
