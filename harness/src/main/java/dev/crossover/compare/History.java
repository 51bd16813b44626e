package dev.crossover.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossover.results.BadInputException;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of runs on one machine and setup: {@code results/history/<preset>-<jdk>-<cores>c-<cpu-hash>.jsonl},
 * one JSON line per run with its key figures (score, error, unit, forks per benchmark key), so that
 * trends can be drawn without keeping every run directory.
 */
public final class History {

    /** Format version of each line. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private History() {
    }

    /** One benchmark's figures in one run. */
    public record Point(double score, double error, String unit, int forks) {
    }

    /** One run: when, which commit and preset, and every benchmark key's figures. */
    public record Entry(String time, String commit, String preset, String run, Map<String, Point> results) {
        public Entry {
            results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
        }
    }

    /** {@code results/history/<machine key>.jsonl} beside the run's {@code results/runs}. */
    public static Path defaultFile(Path runDir) throws BadInputException {
        RunMetadata meta = RunMetadata.readIfPresent(runDir.resolve(RunData.METADATA_FILE));
        String name = (meta.present() ? Baselines.machineKey(meta) : "unknown") + ".jsonl";
        return Baselines.defaultRoot(runDir).resolveSibling("history").resolve(name);
    }

    /** The history line of a run. */
    public static Entry entryOf(RunData run) {
        Map<String, Point> points = new LinkedHashMap<>();
        for (BenchmarkResult r : GridComparison.index(run.results()).values()) {
            points.put(r.key(), new Point(r.primary().score(), r.primary().scoreError(), r.primary().unit(),
                    r.primary().forkCount()));
        }
        RunMetadata meta = run.metadata();
        return new Entry(meta.startTime() != null ? meta.startTime() : Instant.now().toString(), meta.commit(), meta.preset(),
                run.source().toString(), points);
    }

    /** Appends a run's line to the history file (created with its directories when missing). */
    public static Entry append(Path runDir, Path historyFile) throws BadInputException {
        Entry e = entryOf(RunData.read(runDir));
        ObjectNode n = MAPPER.createObjectNode();
        n.put("formatVersion", FORMAT_VERSION);
        n.put("time", e.time());
        n.put("commit", e.commit());
        n.put("preset", e.preset());
        n.put("run", e.run());
        ObjectNode rs = n.putObject("results");
        e.results().forEach((k, p) -> {
            ObjectNode o = rs.putObject(k);
            put(o, "score", p.score());
            put(o, "error", p.error());
            o.put("unit", p.unit());
            o.put("forks", p.forks());
        });
        try {
            if (historyFile.getParent() != null) {
                Files.createDirectories(historyFile.getParent());
            }
            Files.writeString(historyFile, MAPPER.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new BadInputException(historyFile, "cannot append to the history: " + ex.getMessage(), ex);
        }
        return e;
    }

    private static void put(ObjectNode o, String f, double v) {
        if (Double.isFinite(v)) {
            o.put(f, v);
        } else {
            o.putNull(f);
        }
    }

    /** Reads a history file, oldest first; a broken line is named by its number. */
    public static List<Entry> read(Path historyFile) throws BadInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(historyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(historyFile, "cannot read the history: " + e.getMessage(), e);
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = MAPPER.readTree(lines.get(i));
                Map<String, Point> pts = new LinkedHashMap<>();
                JsonNode rs = n.path("results");
                for (Map.Entry<String, JsonNode> e : rs.properties()) {
                    JsonNode p = e.getValue();
                    pts.put(e.getKey(), new Point(p.path("score").asDouble(Double.NaN), p.hasNonNull("error")
                            ? p.get("error").asDouble() : Double.NaN, p.path("unit").asText(""), p.path("forks").asInt()));
                }
                out.add(new Entry(n.path("time").asText(""), n.path("commit").asText(null), n.path("preset").asText(null),
                        n.path("run").asText(""), pts));
            } catch (JsonProcessingException e) {
                throw new BadInputException(historyFile, "line " + (i + 1) + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return out;
    }
}
