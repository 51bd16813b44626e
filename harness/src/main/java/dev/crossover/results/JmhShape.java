package dev.crossover.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape every JMH result must have before any command reads it: a benchmark name with a class and a
 * method, a mode JMH knows, a finite score in a unit that fits the mode, per-fork raw data (or, for
 * {@code sample} mode, a histogram of value and count pairs) of finite numbers, and one unit per benchmark
 * and mode in a file. The first problem is a {@link BadInputException} naming the file, the result's index
 * and benchmark, the field, what was expected and what was found.
 */
public final class JmhShape {

    /** JMH's mode labels as {@code -rf json} writes them. */
    public static final Set<String> MODES = Set.of("thrpt", "avgt", "sample", "ss");

    /** JMH's time units as they appear in score units ({@code ops/ms}, {@code us/op}). */
    private static final String TIME = "(ns|us|µs|ms|s|min|m|h|hr|day)";
    private static final Pattern THROUGHPUT_UNIT = Pattern.compile("ops/" + TIME);
    private static final Pattern TIME_UNIT = Pattern.compile(TIME + "/op");
    /** {@code package.Class.method}: two or more dot-separated Java identifiers (the package is optional). */
    private static final Pattern BENCHMARK = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)+");

    private JmhShape() {
    }

    /**
     * Checks a parsed JMH file.
     *
     * @throws BadInputException at the first problem, naming {@code file}, result, field and expectation
     */
    public static void check(JsonNode root, Path file) throws BadInputException {
        if (root == null || !root.isArray()) {
            throw new BadInputException(file, "is not JMH output: expected a JSON array of results (-rf json), found "
                    + (root == null ? "nothing" : kind(root)));
        }
        Map<String, String> unitOf = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            checkResult(root.get(i), new Where(file, i, null), unitOf);
        }
    }

    private static void checkResult(JsonNode n, Where at, Map<String, String> unitOf) throws BadInputException {
        if (!n.isObject()) {
            throw at.bad(null, "a JSON object with 'benchmark', 'mode' and 'primaryMetric'", n);
        }
        JsonNode b = n.get("benchmark");
        if (b == null || !b.isTextual()) {
            throw at.bad("benchmark", "the benchmark's name as a string, e.g. \"org.example.MyBench.measure\"", b);
        }
        Where w = at.named(b.asText());
        if (!BENCHMARK.matcher(b.asText()).matches()) {
            throw w.bad("benchmark", "a class and a method, e.g. \"org.example.MyBench.measure\"", b);
        }
        JsonNode mode = n.get("mode");
        if (mode == null || !mode.isTextual() || !MODES.contains(mode.asText())) {
            throw w.bad("mode", "one of JMH's modes thrpt, avgt, sample, ss", mode);
        }
        JsonNode params = n.get("params");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw w.bad("params", "an object of @Param names and values", params);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw w.bad("params." + e.getKey(), "the param's value as a string", e.getValue());
                }
            }
        }
        for (String count : new String[]{"threads", "forks", "warmupIterations", "measurementIterations"}) {
            JsonNode c = n.get(count);
            if (c != null && !(c.canConvertToInt() && c.isIntegralNumber() && c.asInt() >= 0)) {
                throw w.bad(count, "a whole number ≥ 0", c);
            }
        }
        JsonNode jvmArgs = n.get("jvmArgs");
        if (jvmArgs != null && !jvmArgs.isArray()) {
            throw w.bad("jvmArgs", "an array of strings", jvmArgs);
        }
        String m = mode.asText();
        JsonNode primary = n.get("primaryMetric");
        checkMetric(primary, w, "primaryMetric", true, m);
        String unit = primary.get("scoreUnit").asText();
        boolean fits = m.equals("thrpt") ? THROUGHPUT_UNIT.matcher(unit).matches() : TIME_UNIT.matcher(unit).matches();
        if (!fits) {
            throw w.bad("primaryMetric.scoreUnit", m.equals("thrpt") ? "an operations-per-time unit for mode thrpt, e.g. \"ops/s\""
                    : "a time-per-operation unit for mode " + m + ", e.g. \"us/op\"", primary.get("scoreUnit"));
        }
        String key = b.asText() + " [" + m + "]";
        String seen = unitOf.putIfAbsent(key, unit);
        if (seen != null && !seen.equals(unit)) {
            throw w.bad("primaryMetric.scoreUnit", "\"" + seen + "\", the unit of an earlier result of the same benchmark and mode "
                    + "in this file (one JMH run has one time unit)", primary.get("scoreUnit"));
        }
        JsonNode sec = n.get("secondaryMetrics");
        if (sec != null && !sec.isNull()) {
            if (!sec.isObject()) {
                throw w.bad("secondaryMetrics", "an object of metrics by name", sec);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sec.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkMetric(e.getValue(), w, "secondaryMetrics." + e.getKey(), false, m);
            }
        }
    }

    /**
     * A metric: a score (finite for a primary; finite or JMH's "NaN" for a secondary, whose profiler may
     * not know it), an optional score error ≥ 0 or "NaN", a unit, and raw data of finite numbers (a
     * secondary's may hold "NaN" for an iteration without a figure): per fork the iterations, or per fork
     * and iteration a histogram of [value, count] pairs.
     */
    private static void checkMetric(JsonNode metric, Where w, String field, boolean primary, String mode)
            throws BadInputException {
        if (metric == null || !metric.isObject()) {
            throw w.bad(field, "an object with 'score', 'scoreUnit' and 'rawData'", metric);
        }
        JsonNode score = metric.get("score");
        double s = number(score);
        if (primary ? !Double.isFinite(s) : Double.isInfinite(s) || (Double.isNaN(s) && !isNaNText(score))) {
            throw w.bad(field + ".score", primary ? "a finite number" : "a finite number or \"NaN\"", score);
        }
        if (primary && s < 0) {
            throw w.bad(field + ".score", "a number ≥ 0 (a " + mode + " score cannot be negative)", score);
        }
        JsonNode error = metric.get("scoreError");
        if (error != null && !error.isNull()) {
            double e = number(error);
            if (Double.isNaN(e) ? !isNaNText(error) : !(e >= 0 && Double.isFinite(e))) {
                throw w.bad(field + ".scoreError", "a finite number ≥ 0, or \"NaN\" when JMH had too few iterations", error);
            }
        }
        JsonNode unit = metric.get("scoreUnit");
        if (unit == null || !unit.isTextual() || unit.asText().isBlank()) {
            throw w.bad(field + ".scoreUnit", "the unit as a string, e.g. \"us/op\"", unit);
        }
        JsonNode raw = metric.get("rawData");
        JsonNode hist = metric.get("rawDataHistogram");
        if (raw != null && !raw.isNull()) {
            checkRawData(raw, w, field + ".rawData", primary);
        } else if (hist != null && !hist.isNull()) {
            checkHistogram(hist, w, field + ".rawDataHistogram", primary);
        } else if (primary) {
            throw w.bad(field + ".rawData", "per fork, the measured iterations (or 'rawDataHistogram' in sample mode), "
                    + "as JMH 1.2x and later write them; the forks are what every verdict is judged on", null);
        }
        JsonNode pct = metric.get("scorePercentiles");
        if (pct != null && !pct.isNull()) {
            if (!pct.isObject()) {
                throw w.bad(field + ".scorePercentiles", "an object of percentile → value", pct);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = pct.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                double v = number(e.getValue());
                if (Double.isInfinite(v) || (Double.isNaN(v) && !isNaNText(e.getValue()))) {
                    throw w.bad(field + ".scorePercentiles." + e.getKey(), "a finite number or \"NaN\"", e.getValue());
                }
            }
        }
    }

    private static void checkRawData(JsonNode raw, Where w, String field, boolean primary) throws BadInputException {
        if (!raw.isArray()) {
            throw w.bad(field, "an array with one array of iteration values per fork", raw);
        }
        for (int f = 0; f < raw.size(); f++) {
            JsonNode fork = raw.get(f);
            if (!fork.isArray()) {
                throw w.bad(field + "[" + f + "]", "fork " + f + "'s iteration values as an array of numbers", fork);
            }
            for (int i = 0; i < fork.size(); i++) {
                checkValue(fork.get(i), w, field + "[" + f + "][" + i + "]", primary);
            }
        }
    }

    private static void checkHistogram(JsonNode hist, Where w, String field, boolean primary) throws BadInputException {
        if (!hist.isArray()) {
            throw w.bad(field, "an array per fork of arrays per iteration of [value, count] pairs", hist);
        }
        for (int f = 0; f < hist.size(); f++) {
            JsonNode fork = hist.get(f);
            if (!fork.isArray()) {
                throw w.bad(field + "[" + f + "]", "fork " + f + "'s iterations, each an array of [value, count] pairs", fork);
            }
            for (int i = 0; i < fork.size(); i++) {
                JsonNode iteration = fork.get(i);
                String at = field + "[" + f + "][" + i + "]";
                if (!iteration.isArray()) {
                    throw w.bad(at, "iteration " + i + "'s histogram as an array of [value, count] pairs", iteration);
                }
                for (int k = 0; k < iteration.size(); k++) {
                    JsonNode pair = iteration.get(k);
                    String pat = at + "[" + k + "]";
                    if (!pair.isArray() || pair.size() != 2) {
                        throw w.bad(pat, "a [value, count] pair", pair);
                    }
                    checkValue(pair.get(0), w, pat + "[0]", primary);
                    JsonNode count = pair.get(1);
                    if (!count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 1) {
                        throw w.bad(pat + "[1]", "the count of samples of that value, a whole number ≥ 1", count);
                    }
                }
            }
        }
    }

    private static void checkValue(JsonNode v, Where w, String field, boolean primary) throws BadInputException {
        double d = number(v);
        if (!primary && Double.isNaN(d) && isNaNText(v)) {
            return; // a secondary result with no figure in this iteration, as JMH writes it
        }
        if (!Double.isFinite(d) || !v.isNumber()) {
            throw w.bad(field, primary ? "a finite number" : "a finite number or \"NaN\"", v);
        }
        if (primary && d < 0) {
            throw w.bad(field, "a number ≥ 0 (a measured time or rate cannot be negative)", v);
        }
    }

    /** A JSON number, or one of JMH's non-finite strings; NaN for anything else. */
    static double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return switch (v.asText()) {
                case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return Double.NaN;
    }

    private static boolean isNaNText(JsonNode v) {
        return v != null && v.isTextual() && v.asText().equals("NaN");
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** How a found value is shown: missing, or its JSON text, cut short. */
    private static String shown(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing (the field is missing)";
        }
        String t = v.toString();
        return (t.length() > 60 ? t.substring(0, 57) + "…" : t) + (v.isContainerNode() ? " (" + kind(v) + ")" : "");
    }

    /** A result's position in its file, for messages. */
    private record Where(Path file, int index, String benchmark) {

        Where named(String name) {
            return new Where(file, index, name);
        }

        BadInputException bad(String field, String expected, JsonNode found) {
            String name = benchmark == null ? "" : " (" + (benchmark.length() > 80 ? benchmark.substring(0, 77) + "…" : benchmark) + ")";
            return new BadInputException(file, "result #" + index + name + (field == null ? "" : ", field '" + field + "'")
                    + ": expected " + expected + ", found " + shown(found));
        }
    }
}
