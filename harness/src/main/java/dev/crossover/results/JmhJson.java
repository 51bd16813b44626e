package dev.crossover.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result format ({@code -rf json}), of any JMH version from 1.2x to 1.37, from
 * this suite or any other project. Every problem is a {@link BadInputException} naming the file.
 */
public final class JmhJson {

    /** JMH 1.36 and earlier prefix secondary metric names with a middle dot. */
    private static final char LEGACY_SECONDARY_PREFIX = '\u00b7';

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {
    }

    /** Reads every result of one JMH JSON file. */
    public static List<BenchmarkResult> read(Path file) throws BadInputException {
        String text = InputFiles.readUtf8(file);
        if (text.isBlank()) {
            throw new BadInputException(file, "is empty; a JMH result file is a JSON array written by -rf json");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
        } catch (StackOverflowError e) {
            throw new BadInputException(file, "is not JMH output: its JSON nests too deeply to be a result file");
        }
        return parse(root, file);
    }

    /**
     * Parses an already read JSON tree after {@link JmhShape#check checking its shape}; {@code file} only
     * names the source in messages.
     */
    public static List<BenchmarkResult> parse(JsonNode root, Path file) throws BadInputException {
        JmhShape.check(root, file);
        List<BenchmarkResult> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root) {
            out.add(parseOne(n, file, i++));
        }
        return out;
    }

    private static BenchmarkResult parseOne(JsonNode n, Path file, int index) throws BadInputException {
        String where = "result #" + index;
        String benchmark = n.get("benchmark").asText();
        where = where + " (" + benchmark + ")";
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = n.get("params");
        if (p != null && p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        Metric primary = metric(n.get("primaryMetric"), file, where + " primaryMetric");
        Map<String, Metric> secondary = new LinkedHashMap<>();
        JsonNode s = n.get("secondaryMetrics");
        if (s != null && s.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                secondary.put(normalizeSecondaryName(e.getKey()), metric(e.getValue(), file, where + " secondary '" + e.getKey() + "'"));
            }
        }
        List<String> jvmArgs = new ArrayList<>();
        JsonNode ja = n.get("jvmArgs");
        if (ja != null && ja.isArray()) {
            ja.forEach(a -> jvmArgs.add(a.asText()));
        }
        return new BenchmarkResult(benchmark, n.get("mode").asText(), n.path("threads").asInt(1),
                n.path("forks").asInt(primary.forkCount()), n.path("jmhVersion").asText(""),
                n.path("jvm").asText(""), jvmArgs, n.path("jdkVersion").asText(""), n.path("vmName").asText(""),
                n.path("vmVersion").asText(""), n.path("warmupIterations").asInt(0), n.path("warmupTime").asText(""),
                n.path("measurementIterations").asInt(0), n.path("measurementTime").asText(""),
                params, primary, secondary, file == null ? null : file.toString());
    }

    /** {@code ·gc.alloc.rate} (JMH ≤ 1.36) and {@code gc.alloc.rate} (1.37) name the same metric. */
    public static String normalizeSecondaryName(String name) {
        return !name.isEmpty() && name.charAt(0) == LEGACY_SECONDARY_PREFIX ? name.substring(1) : name;
    }

    private static Metric metric(JsonNode m, Path file, String where) throws BadInputException {
        if (m == null || !m.isObject() || !m.has("score")) {
            throw new BadInputException(file, where + " has no 'score'; is this JMH output?");
        }
        double score = number(m.get("score"));
        double error = m.has("scoreError") ? number(m.get("scoreError")) : Double.NaN;
        String unit = m.path("scoreUnit").asText("");
        List<List<Double>> raw = new ArrayList<>();
        JsonNode rd = m.get("rawData");
        if (rd != null && rd.isArray()) {
            for (JsonNode fork : rd) {
                List<Double> its = new ArrayList<>();
                fork.forEach(v -> its.add(number(v)));
                raw.add(its);
            }
        } else {
            JsonNode hist = m.get("rawDataHistogram");
            if (hist != null && hist.isArray()) {
                for (JsonNode fork : hist) {
                    List<Double> its = new ArrayList<>();
                    for (JsonNode iteration : fork) {
                        double sum = 0;
                        long count = 0;
                        for (JsonNode pair : iteration) {
                            double v = number(pair.get(0));
                            long c = pair.get(1).asLong();
                            sum += v * c;
                            count += c;
                        }
                        if (count > 0) {
                            its.add(sum / count);
                        }
                    }
                    raw.add(its);
                }
            }
        }
        Map<String, Double> pct = new LinkedHashMap<>();
        JsonNode ps = m.get("scorePercentiles");
        if (ps != null && ps.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                pct.put(e.getKey(), number(e.getValue()));
            }
        }
        return new Metric(score, error, unit, raw, pct);
    }

    /** JMH writes NaN and infinities as strings ("NaN"); read them as doubles. */
    private static double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        String t = v.asText();
        return switch (t) {
            case "NaN" -> Double.NaN;
            case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }
}
