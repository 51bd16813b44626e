package dev.crossover.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a report or an advice is computed from: the results of one run directory (or of
 * loose JMH JSON files), its metadata, and the serves map the run wrote.
 *
 * @param results   every result, in file order
 * @param metadata  the run's metadata, {@link RunMetadata#empty()} when there is none
 * @param runDir    the run directory, or null for loose files
 * @param files     the JMH JSON files read
 * @param serves    {@code serves.json}: simple class name → IDs served; empty when absent
 * @param warnings  problems that do not stop a report (one iteration, NaN errors), each naming its file
 */
public record RunData(List<BenchmarkResult> results, RunMetadata metadata, Path runDir, List<Path> files,
                      Map<String, List<String>> serves, List<String> warnings) {

    /** The file the run command writes beside the results: which IDs each benchmark class serves. */
    public static final String SERVES_FILE = "serves.json";
    /** The run's metadata file. */
    public static final String METADATA_FILE = "metadata.json";
    /** The merged result file; read only when the per-group files are absent. */
    public static final String MERGED_FILE = "jmh.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RunData {
        results = List.copyOf(results);
        files = List.copyOf(files);
        serves = Map.copyOf(serves);
        warnings = List.copyOf(warnings);
    }

    /**
     * Loads a run directory (its {@code jmh-*.json} group files, or the merged {@code jmh.json} when
     * there are none, plus {@code metadata.json} and {@code serves.json}) or a list of JMH JSON files
     * (metadata and serves are then looked up beside the first file).
     */
    public static RunData load(List<Path> inputs) throws BadInputException {
        if (inputs.isEmpty()) {
            throw new BadInputException("no input: give a run directory or JMH JSON files");
        }
        List<Path> files = new ArrayList<>();
        Path runDir = null;
        Path metaDir;
        if (inputs.size() == 1 && Files.isDirectory(inputs.getFirst())) {
            runDir = inputs.getFirst();
            metaDir = runDir;
            try (Stream<Path> s = Files.list(runDir)) {
                s.filter(p -> p.getFileName().toString().matches("jmh-.+\\.json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new BadInputException(runDir, "cannot list the directory: " + e.getMessage());
            }
            if (files.isEmpty()) {
                Path merged = runDir.resolve(MERGED_FILE);
                if (!Files.exists(merged)) {
                    throw new BadInputException(runDir, "holds no JMH results (no jmh-*.json and no jmh.json); "
                            + "give a run directory written by 'crossover run' or JMH JSON files (-rf json)");
                }
                files.add(merged);
            }
        } else {
            for (Path p : inputs) {
                if (Files.isDirectory(p)) {
                    throw new BadInputException(p, "is a directory; give either one run directory or JMH JSON files, not both");
                }
                files.add(p);
            }
            Path parent = files.getFirst().toAbsolutePath().getParent();
            metaDir = parent;
        }
        List<BenchmarkResult> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> noErrors = new ArrayList<>();
        for (Path f : files) {
            List<BenchmarkResult> rs = JmhJson.read(f);
            if (rs.isEmpty()) {
                warnings.add(f + ": holds no results (an empty JSON array); a benchmark group may have failed");
            }
            long noError = rs.stream().filter(r -> r.primary().errorUnknown()).count();
            if (noError > 0) {
                noErrors.add(f + ": " + noError + " of " + rs.size());
            }
            results.addAll(rs);
        }
        if (!noErrors.isEmpty()) {
            // one warning for the whole run: a short run gives every file the same problem
            String why = "(NaN: JMH gives none for two measured iterations or fewer in all)";
            String then = "; their intervals are unknown and verdicts on them are inconclusive. Run with at least 3 measurement "
                    + "iterations (preset quick or full) to get errors.";
            warnings.add(noErrors.size() == 1 ? noErrors.getFirst() + " results have no score error " + why + then
                    : "Results with no score error " + why + " in " + String.join(", ", noErrors) + then);
        }
        RunMetadata meta = RunMetadata.empty();
        Path metaFile = metaDir == null ? null : metaDir.resolve(METADATA_FILE);
        if (metaFile != null && Files.isRegularFile(metaFile)) {
            meta = RunMetadata.read(metaFile);
        }
        Map<String, List<String>> serves = Map.of();
        Path servesFile = metaDir == null ? null : metaDir.resolve(SERVES_FILE);
        if (servesFile != null && Files.isRegularFile(servesFile)) {
            serves = readServes(servesFile);
        }
        return new RunData(results, meta, runDir, files, serves, warnings);
    }

    /** Reads a {@code serves.json}: {@code {"CpuBoundBench": ["C4","C8","X1"], …}}. */
    public static Map<String, List<String>> readServes(Path file) throws BadInputException {
        JsonNode n;
        try {
            n = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file, "is not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException(file, "must be a JSON object {\"ClassSimpleName\": [\"C4\", \"X1\"], …}");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : n.properties()) {
            if (!e.getValue().isArray()) {
                throw new BadInputException(file, "entry '" + e.getKey() + "' must be an array of IDs such as [\"C4\", \"X1\"]");
            }
            List<String> ids = new ArrayList<>();
            e.getValue().forEach(v -> ids.add(v.asText()));
            out.put(e.getKey(), List.copyOf(ids));
        }
        return out;
    }

    /** Writes a {@code serves.json} (the run command calls this, so reports work without benchmark classes). */
    public static void writeServes(Path file, Map<String, List<String>> serves) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new java.util.TreeMap<>(serves));
    }
}
