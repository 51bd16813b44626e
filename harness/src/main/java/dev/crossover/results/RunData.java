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
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One run as every command reads it (report, advise, compare, baselines, history): the results of a run
 * directory or of loose JMH JSON files, the run's metadata and the serves map the run wrote.
 *
 * <p>A run directory is read from its per-group {@code jmh-*.json} files, or from the merged
 * {@code jmh.json} only when there are none, so that no result counts twice.
 *
 * @param source    what the results came from: the run directory, the (first) JMH file, or a label
 *                  (the merged rounds of an A/B run)
 * @param results   every result, in file order
 * @param metadata  the run's metadata, {@link RunMetadata#empty()} when there is none
 * @param files     the JMH JSON files read
 * @param serves    {@code serves.json}: simple class name → IDs served; empty when absent
 * @param warnings  problems that do not stop a report (one iteration, NaN errors), each naming its file
 */
public record RunData(Path source, List<BenchmarkResult> results, RunMetadata metadata, List<Path> files,
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

    /** Results not read from disk (merged A/B rounds), named by {@code label}: no metadata, files or serves map. */
    public static RunData of(Path label, List<BenchmarkResult> results) {
        return new RunData(label, results, RunMetadata.empty(), List.of(), Map.of(), List.of());
    }

    /** The run directory read, or null when the results came from loose JMH files or from memory. */
    public Path runDir() {
        // a run directory's result files lie in it; a loose file is its own source
        return !files.isEmpty() && source != null && source.equals(files.getFirst().getParent()) ? source : null;
    }

    /** Whether {@code file} is a per-group result file {@code jmh-<group>.json} as {@code crossover run} writes them. */
    public static boolean isGroupFile(Path file) {
        return file.getFileName().toString().matches("jmh-.+\\.json");
    }

    /**
     * Loads a run directory (its {@code jmh-*.json} group files, or the merged {@code jmh.json} when
     * there are none, plus {@code metadata.json} and {@code serves.json}) or a list of JMH JSON files
     * (metadata and serves are then looked up beside the first file).
     */
    public static RunData load(List<Path> inputs) throws BadInputException {
        return load(inputs, true);
    }

    /**
     * Reads one run to compare: a run directory as {@link #load} does, or one JMH JSON file taken
     * alone (with no metadata: comparability is then judged from the JMH file).
     */
    public static RunData read(Path path) throws BadInputException {
        return load(List.of(path), false);
    }

    private static RunData load(List<Path> inputs, boolean besideLooseFiles) throws BadInputException {
        if (inputs.isEmpty()) {
            throw new BadInputException("no input: give a run directory or JMH JSON files");
        }
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new BadInputException(p, "no such file or directory; give a run directory or JMH JSON files (-rf json)");
            }
        }
        List<Path> files = new ArrayList<>();
        Path metaDir;
        if (inputs.size() == 1 && Files.isDirectory(inputs.getFirst())) {
            Path runDir = inputs.getFirst();
            metaDir = runDir;
            files.addAll(resultFiles(runDir));
        } else {
            for (Path p : inputs) {
                if (Files.isDirectory(p)) {
                    throw new BadInputException(p, "is a directory; give either one run directory or JMH JSON files, not both");
                }
                files.add(p);
            }
            metaDir = besideLooseFiles ? files.getFirst().toAbsolutePath().getParent() : null;
        }
        List<BenchmarkResult> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> noErrors = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (Path f : files) {
            if (isGroupFile(f) && f.getParent() != null && f.getParent().equals(inputs.getFirst()) && isEmptyFile(f)) {
                // JMH creates its result file empty when a group starts: an empty one is a group that never finished
                warnings.add(f + ": is empty, the group did not finish (an interrupted run); its results are missing");
                skipped.add(f);
                continue;
            }
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
        Map<String, List<String>> serves = Map.of();
        if (metaDir != null) {
            meta = RunMetadata.readIfPresent(metaDir.resolve(METADATA_FILE));
            Path servesFile = metaDir.resolve(SERVES_FILE);
            if (Files.isRegularFile(servesFile)) {
                serves = readServes(servesFile);
            }
        }
        files.removeAll(skipped);
        if (files.isEmpty()) {
            throw new BadInputException(inputs.getFirst(), "no benchmark group finished: every jmh-<group>.json is empty "
                    + "(JMH creates the file when a group starts; the run was stopped before one ended). Nothing to report");
        }
        return new RunData(inputs.getFirst(), results, meta, files, serves, warnings);
    }

    private static boolean isEmptyFile(Path f) {
        try {
            return Files.size(f) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The result files of a run directory: every {@code jmh-<group>.json}, else {@code jmh.json}. */
    private static List<Path> resultFiles(Path runDir) throws BadInputException {
        List<Path> files;
        try (Stream<Path> s = Files.list(runDir)) {
            files = s.filter(p -> isGroupFile(p) && Files.isRegularFile(p)).sorted().toList();
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BadInputException(runDir, "permission denied: this user cannot list the directory; fix its permissions "
                    + "(chmod u+rx) or run as its owner");
        } catch (IOException e) {
            throw new BadInputException(runDir, "cannot list the directory: " + e.getMessage(), e);
        }
        if (!files.isEmpty()) {
            return files;
        }
        Path merged = runDir.resolve(MERGED_FILE);
        if (!Files.isRegularFile(merged)) {
            throw new BadInputException(runDir, "holds no JMH results: no jmh-*.json and no jmh.json. Give a run directory "
                    + "written by 'crossover run' (one without jmh.json still needs its jmh-<group>.json files) "
                    + "or JMH JSON files (-rf json)");
        }
        return List.of(merged);
    }

    /** Reads a {@code serves.json}: {@code {"CpuBoundBench": ["C4","C8","X1"], …}}. */
    public static Map<String, List<String>> readServes(Path file) throws BadInputException {
        JsonNode n;
        try {
            n = MAPPER.readTree(InputFiles.readUtf8(file));
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
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new TreeMap<>(serves));
    }
}
