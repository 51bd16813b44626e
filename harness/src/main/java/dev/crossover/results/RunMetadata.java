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

/**
 * A run's {@code metadata.json} (format 1, see CONTRACT.md): the machine and settings a run came
 * from. Every field may be missing (a run from another tool); {@link #empty()} stands for "unknown".
 *
 * @param cores     the CPU budget in force ({@code cpuBudget.cores}), or null when unknown
 * @param sizes     pool-size symbols and the numbers they resolved to, e.g. {@code cores → 2}
 * @param noiseWarning the run's own warning about load or steal time, or null
 * @param failures  benchmark groups that failed, with why (optional key {@code failures}: an array of
 *                  strings or of objects {@code {"group": …, "error": …}}); empty when none
 */
public record RunMetadata(int formatVersion, String preset, String startTime, String endTime, String commit,
                          String jdkVersion, String jdkVendor, String os, String cpuModel, Integer cores,
                          String coresSource, Map<String, String> sizes, String noiseWarning,
                          String loadAvgStart, String loadAvgEnd, String stealPercent, List<String> failures) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RunMetadata {
        sizes = Map.copyOf(sizes);
        failures = List.copyOf(failures);
    }

    /** Nothing known. */
    public static RunMetadata empty() {
        return new RunMetadata(0, null, null, null, null, null, null, null, null, null, null, Map.of(),
                null, null, null, null, List.of());
    }

    /** Reads {@code metadata.json}; a file that is not a JSON object is bad input naming the file. */
    public static RunMetadata read(Path file) throws BadInputException {
        JsonNode n;
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                throw new BadInputException(file, "is empty; metadata.json is written by 'crossover run'");
            }
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException(file, "is not run metadata: expected a JSON object with formatVersion, jdk, cpuBudget, …");
        }
        JsonNode budget = n.path("cpuBudget");
        Integer cores = budget.path("cores").isNumber() ? budget.path("cores").asInt() : null;
        Map<String, String> sizes = new LinkedHashMap<>();
        n.path("sizes").properties().forEach(e -> sizes.put(e.getKey(), e.getValue().asText()));
        if (cores == null && sizes.containsKey("cores")) {
            try {
                cores = Integer.parseInt(sizes.get("cores"));
            } catch (NumberFormatException ignored) {
                // a symbol table without a number for cores: leave the core count unknown
            }
        }
        JsonNode noise = n.path("noise");
        List<String> failures = new ArrayList<>();
        for (JsonNode f : n.path("failures")) {
            failures.add(f.isObject() ? f.path("group").asText("?") + ": " + f.path("error").asText(f.toString()) : f.asText());
        }
        return new RunMetadata(n.path("formatVersion").asInt(0), text(n, "preset"), text(n, "startTime"),
                text(n, "endTime"), text(n, "commit"), text(n.path("jdk"), "version"), text(n.path("jdk"), "vendor"),
                text(n, "os"), text(n, "cpuModel"), cores, text(budget, "source"), sizes,
                text(noise, "warning"), text(noise, "loadAvgStart"), text(noise, "loadAvgEnd"),
                text(noise, "stealPercent"), failures);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.isValueNode() ? v.asText() : v.toString();
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
