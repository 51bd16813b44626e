package dev.crossover.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The results of one run, read from a JMH JSON file or from a run directory ({@code jmh.json}, or
 * else every {@code jmh-*.json}, plus {@code metadata.json} when present).
 *
 * @param path     what the user named (file or directory)
 * @param results  every benchmark result, in file order
 * @param metadata the run's {@code metadata.json}, or null (a plain JMH file has none)
 * @param files    the JMH JSON files the results came from
 */
public record RunDirectory(Path path, List<BenchmarkResult> results, JsonNode metadata, List<Path> files) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RunDirectory {
        results = List.copyOf(results);
        files = List.copyOf(files);
    }

    /** Reads a JMH JSON file or a run directory; every problem names the file. */
    public static RunDirectory read(Path path) throws BadInputException {
        if (!Files.exists(path)) {
            throw new BadInputException(path, "no such file or directory; give a JMH JSON file (-rf json) or a run directory");
        }
        if (!Files.isDirectory(path)) {
            return new RunDirectory(path, JmhJson.read(path), null, List.of(path));
        }
        List<Path> files = new ArrayList<>();
        Path merged = path.resolve("jmh.json");
        if (Files.isRegularFile(merged)) {
            files.add(merged);
        } else {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("jmh-") && n.endsWith(".json") && Files.isRegularFile(p);
                }).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new BadInputException(path, "cannot list the directory: " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new BadInputException(path, "is a directory without jmh.json or jmh-*.json; is it a Crossover run directory?");
        }
        List<BenchmarkResult> results = new ArrayList<>();
        for (Path f : files) {
            results.addAll(JmhJson.read(f));
        }
        return new RunDirectory(path, results, readMetadata(path.resolve("metadata.json")), files);
    }

    /** Reads a {@code metadata.json}; null when the file does not exist. */
    public static JsonNode readMetadata(Path file) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new BadInputException(file, "is not a metadata object (expected a JSON object with formatVersion, jdk, cpuBudget, ...)");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** A metadata field by dotted path ({@code jdk.version}), or null when absent. */
    public String meta(String dottedPath) {
        return metaField(metadata, dottedPath);
    }

    /** A field of a metadata tree by dotted path, as text (arrays and objects as JSON), or null. */
    public static String metaField(JsonNode metadata, String dottedPath) {
        if (metadata == null) {
            return null;
        }
        JsonNode n = metadata;
        for (String part : dottedPath.split("\\.")) {
            n = n.get(part);
            if (n == null || n.isNull()) {
                return null;
            }
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
