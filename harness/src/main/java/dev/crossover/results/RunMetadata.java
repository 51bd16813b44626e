package dev.crossover.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.crossover.results.RunMetadataFile.Key.*;

/**
 * What a reader knows of a run's {@code metadata.json}: the machine and settings a run came from, every
 * field possibly missing (a run from another tool or an older version); {@link #empty()} stands for "unknown".
 * Kept apart from {@link RunMetadataFile}, whose {@link RunMetadataFile.Key keys} it reads: that one is the
 * typed model {@code crossover run} writes and reads back strictly, this one accepts any metadata object.
 *
 * @param cores     the CPU budget in force ({@code cpuBudget.cores}), or null when unknown
 * @param sizes     pool-size symbols and the numbers they resolved to, e.g. {@code cores → 2}
 * @param noiseWarning the run's own warning about load or steal time, or null
 * @param failures  benchmark groups that failed, with why (optional key {@code failures}: an array of
 *                  strings or of objects {@code {"group": …, "error": …}}); empty when none
 * @param tree      the whole file as read, for keys no component holds ({@link #field}); null when there was none
 */
public record RunMetadata(int formatVersion, String preset, String startTime, String endTime, String commit,
                          String jdkVersion, String jdkVendor, String os, String cpuModel, Integer cores,
                          String coresSource, Map<String, String> sizes, String noiseWarning,
                          String loadAvgStart, String loadAvgEnd, String stealPercent, List<String> failures,
                          JsonNode tree) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RunMetadata {
        sizes = Map.copyOf(sizes);
        failures = List.copyOf(failures);
    }

    /** Nothing known. */
    public static RunMetadata empty() {
        return new RunMetadata(0, null, null, null, null, null, null, null, null, null, null, Map.of(),
                null, null, null, null, List.of(), null);
    }

    /** The metadata in {@code file}, or {@link #empty()} when there is no such file. */
    public static RunMetadata readIfPresent(Path file) throws BadInputException {
        return Files.isRegularFile(file) ? read(file) : empty();
    }

    /** Where {@code crossover run} lists the groups that failed, beside {@code metadata.json}. */
    public static final String FAILURES_FILE = "failures.json";

    /**
     * Reads {@code metadata.json} and the {@code failures.json} beside it; a file that is not a JSON
     * object is bad input naming the file.
     */
    public static RunMetadata read(Path file) throws BadInputException {
        JsonNode n;
        try {
            String text = InputFiles.readUtf8(file);
            if (text.isBlank()) {
                throw new BadInputException(file, "is empty; metadata.json is written by 'crossover run'");
            }
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException(file, "is not run metadata: expected a JSON object with formatVersion, jdk, cpuBudget, …");
        }
        RunMetadataFile.checkFormat(file, n.path(FORMAT_VERSION_KEY).asInt(0));
        JsonNode budget = n.path(CPU_BUDGET);
        Integer cores = budget.path(CORES).isNumber() ? budget.path(CORES).asInt() : null;
        Map<String, String> sizes = new LinkedHashMap<>();
        n.path(SIZES).properties().forEach(e -> sizes.put(e.getKey(), e.getValue().asText()));
        if (cores == null && sizes.containsKey("cores")) {
            try {
                cores = Integer.parseInt(sizes.get("cores"));
            } catch (NumberFormatException ignored) {
                // a symbol table without a number for cores: leave the core count unknown
            }
        }
        JsonNode noise = n.path(NOISE);
        List<String> failures = new ArrayList<>();
        for (JsonNode f : n.path(FAILURES)) {
            failures.add(f.isObject() ? f.path("group").asText("?") + ": " + f.path("error").asText(f.toString()) : f.asText());
        }
        // crossover run lists failed groups in failures.json beside the metadata: {group, kind, message}
        Path failuresFile = file.resolveSibling(FAILURES_FILE);
        if (Files.isRegularFile(failuresFile)) {
            try {
                for (JsonNode f : MAPPER.readTree(failuresFile.toFile())) {
                    failures.add(f.path("group").asText("?") + " (" + f.path("kind").asText("error") + "): "
                            + f.path("message").asText(f.toString()));
                }
            } catch (IOException e) {
                throw new BadInputException(failuresFile, "is not valid JSON: " + e.getMessage(), e);
            }
        }
        return new RunMetadata(n.path(FORMAT_VERSION_KEY).asInt(0), text(n, PRESET), text(n, START_TIME),
                text(n, END_TIME), text(n, COMMIT), text(n.path(JDK), JDK_VERSION), text(n.path(JDK), JDK_VENDOR),
                text(n, OS), text(n, CPU_MODEL), cores, text(budget, CORES_SOURCE), sizes,
                text(noise, WARNING), text(noise, LOAD_AVG_START), text(noise, LOAD_AVG_END),
                text(noise, STEAL_PERCENT), failures, n);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** Whether the run had a {@code metadata.json} at all. */
    public boolean present() {
        return tree != null;
    }

    /**
     * A key by dotted path ({@code jdk.version}, see {@link RunMetadataFile.Key#path}), as text (arrays and
     * objects as JSON), or null when absent.
     */
    public String field(String dottedPath) {
        if (tree == null) {
            return null;
        }
        JsonNode n = tree;
        for (String part : dottedPath.split("\\.")) {
            n = n.get(part);
            if (n == null || n.isNull()) {
                return null;
            }
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** One line naming the machine, e.g. "AMD EPYC …, 2 cores (cgroup), Linux 6.1, JDK 25 (Eclipse Adoptium)". */
    public String machine() {
        StringBuilder b = new StringBuilder();
        b.append(cpuModel == null ? "CPU model unknown" : cpuModel);
        b.append(", ").append(cores == null ? "core count unknown" : cores + (cores == 1 ? " core" : " cores"));
        if (coresSource != null) {
            b.append(" (").append(coresSource).append(")");
        }
        b.append(", ").append(os == null ? "OS unknown" : os);
        b.append(", JDK ").append(jdkVersion == null ? "unknown" : jdkVersion);
        if (jdkVendor != null) {
            b.append(" (").append(jdkVendor).append(")");
        }
        return b.toString();
    }
}
