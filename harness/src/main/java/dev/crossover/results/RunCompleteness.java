package dev.crossover.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.crossover.results.RunMetadataFile.Key.*;

/**
 * Whether a run directory holds everything its plan asked for: a run stopped by a signal
 * ({@code metadata.json} key {@code interrupted}), one that never wrote its end time (killed, or still
 * running), and the groups of {@code plan.json} without a result file. A report says so at its top.
 *
 * @param problem       what is wrong in a sentence, null when the run is complete (or not a run directory)
 * @param missingGroups planned groups without results, in plan order
 * @param plannedGroups groups in {@code plan.json}; 0 when there is none
 */
public record RunCompleteness(String problem, List<String> missingGroups, int plannedGroups) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunCompleteness {
        missingGroups = List.copyOf(missingGroups);
    }

    /** True when nothing is known to be missing. */
    public boolean complete() {
        return problem == null;
    }

    /** Judges {@code data}; loose JMH files are complete by definition. */
    public static RunCompleteness of(RunData data) throws BadInputException {
        Path dir = data.runDir();
        if (dir == null) {
            return new RunCompleteness(null, List.of(), 0);
        }
        List<String> missing = new ArrayList<>();
        int planned = 0;
        Path planFile = dir.resolve("plan.json");
        if (Files.isRegularFile(planFile)) {
            JsonNode plan;
            try {
                plan = JSON.readTree(InputFiles.readUtf8(planFile));
            } catch (IOException e) {
                throw new BadInputException(planFile, "is not valid JSON: " + e.getMessage());
            }
            Set<String> present = data.files().stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            for (JsonNode g : plan.path("groups")) {
                String id = g.path("id").asText("");
                if (id.isEmpty()) {
                    continue;
                }
                planned++;
                if (!present.contains(groupFileName(id))) {
                    missing.add(id);
                }
            }
        }
        String problem = null;
        var m = data.metadata();
        String signal = m.field(path(INTERRUPTED, SIGNAL));
        if (signal != null) {
            String during = m.field(path(INTERRUPTED, DURING));
            problem = "This run was interrupted (" + signal + (during == null ? "" : " during " + during) + ") at "
                    + (m.endTime() == null ? "an unknown time" : m.endTime());
        } else if (m.present() && m.preset() != null && m.endTime() == null) {
            problem = "This run did not finish: metadata.json has no end time (the run was killed, or is still running)";
        } else if (!missing.isEmpty()) {
            problem = "This run is partial";
        }
        if (problem != null && planned > 0) {
            problem += "; " + (planned - missing.size()) + " of " + planned + " planned groups have results"
                    + (missing.isEmpty() ? "" : ", missing: " + String.join(", ", missing))
                    + ". What follows reports only the groups that finished";
        }
        return new RunCompleteness(problem == null ? null : problem + ".", missing, planned);
    }

    /** The file a planned group's JMH results are written to in a run directory: {@code jmh-<id>.json}, unsafe characters as {@code _}. */
    public static String groupFileName(String id) {
        return "jmh-" + id.replaceAll("[^A-Za-z0-9._=+-]", "_") + ".json";
    }
}
