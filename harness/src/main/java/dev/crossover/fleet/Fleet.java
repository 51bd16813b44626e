package dev.crossover.fleet;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import dev.crossover.results.RunInput;
import dev.crossover.results.RunMetadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs from several machines (or several CPU budgets of one), read and analysed one by one exactly as
 * {@code crossover report} reads one, then split into the comparable runs (one preset, one JDK) and
 * those set apart with the reason. Open while its archives' extracted copies are needed; {@link #close}
 * deletes them.
 *
 * @param runs   the comparable runs, fewest cores first
 * @param apart  runs of another JDK or preset than the fleet's, with why
 * @param preset  the fleet's preset; for repeats, every preset among the runs joined by {@code +}
 * @param jdk     the fleet's JDK version
 * @param inputs  the opened inputs, closed with the fleet
 * @param repeats whether the runs were given as repeats of one host, JDK and core budget, of any presets
 */
public record Fleet(List<FleetRun> runs, List<Apart> apart, String preset, String jdk, List<RunInput> inputs, boolean repeats)
        implements AutoCloseable {

    /**
     * A run not compared with the fleet.
     *
     * @param run    the run as labelled
     * @param reason why it is not comparable
     */
    public record Apart(FleetRun run, String reason) {
    }

    /**
     * Reads every input (run directory or archive of one) and analyses it.
     *
     * @param allowMixed when false, runs of different presets are bad input; when true, the runs of the
     *                   presets other than the fleet's are set apart
     * @param threshold  the tie threshold of the decision maps
     * @throws BadInputException naming the run: not a run directory, a format newer than this version,
     *                           the same run twice, mixed presets without {@code allowMixed}, fewer than two runs
     */
    public static Fleet load(List<Path> given, boolean allowMixed, double threshold) throws BadInputException {
        return load(given, allowMixed, false, threshold);
    }

    /**
     * Reads every input and analyses it; with {@code repeats}, the runs are repeats of one machine and core
     * budget, of any presets (two quick runs and a full one, say): every run is kept, each label names its
     * preset, and runs of another host, JDK or core budget are bad input.
     *
     * @throws BadInputException as {@link #load(List, boolean, double)}, and with {@code repeats} runs of more
     *                           than one host, JDK or core budget
     */
    public static Fleet load(List<Path> given, boolean allowMixed, boolean repeats, double threshold) throws BadInputException {
        if (given == null || given.size() < 2) {
            throw new BadInputException("a fleet needs two runs or more (run directories or .tar.gz/.tgz archives of them); got "
                    + (given == null ? 0 : given.size()) + ". For one run, use 'crossover report'");
        }
        List<RunInput> inputs = RunInput.openAll(given);
        try {
            ClaimsCatalog catalog = ClaimsCatalog.bundled();
            List<RunData> data = new ArrayList<>();
            for (RunInput in : inputs) {
                data.add(read(in));
            }
            checkDistinct(inputs, data);
            List<String> labels = labels(inputs, data, repeats);
            List<FleetRun> all = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Analysis a = Analysis.of(data.get(i), catalog);
                all.add(new FleetRun(labels.get(i), inputs.get(i).given(), data.get(i), a, DecisionMap.of(a, threshold)));
            }
            return repeats ? repeats(all, inputs) : split(all, allowMixed, inputs);
        } catch (BadInputException | RuntimeException e) {
            inputs.forEach(RunInput::close);
            throw e;
        }
    }

    /** A run directory written by {@code crossover run}: results and a {@code metadata.json} saying where it ran. */
    private static RunData read(RunInput in) throws BadInputException {
        Path p = in.path();
        if (!Files.isDirectory(p)) {
            throw new BadInputException(in.given(), Files.exists(p)
                    ? "is not a run directory: a fleet reads run directories written by 'crossover run' (or .tar.gz/.tgz of them)"
                    : "no such run directory or archive");
        }
        if (!Files.isRegularFile(p.resolve(RunData.METADATA_FILE))) {
            throw new BadInputException(in.given(), "is not a run: it has no " + RunData.METADATA_FILE
                    + ", so its machine and CPU budget are unknown; give a run directory written by 'crossover run'");
        }
        RunData d;
        try {
            d = RunData.load(List.of(p));
        } catch (BadInputException e) {
            throw new BadInputException("run " + in.given() + ": " + e.getMessage());
        }
        if (d.metadata().preset() == null) {
            throw new BadInputException(in.given(), "is not a run: its metadata.json names no preset; give a run directory written by 'crossover run'");
        }
        return d;
    }

    private static void checkDistinct(List<RunInput> inputs, List<RunData> data) throws BadInputException {
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < i; j++) {
                RunMetadata a = data.get(i).metadata();
                RunMetadata b = data.get(j).metadata();
                if (a.startTime() != null && a.startTime().equals(b.startTime()) && Objects.equals(a.commit(), b.commit())
                        && Objects.equals(a.field("machine.hostname"), b.field("machine.hostname"))) {
                    throw new BadInputException("runs " + inputs.get(j).given() + " and " + inputs.get(i).given()
                            + " are the same run (both started at " + a.startTime() + "); give each run once");
                }
            }
        }
    }

    /**
     * "host · 2 cores (--cpus 2)", with the preset added for repeats and the run's directory name where two
     * labels would still be equal.
     */
    private static List<String> labels(List<RunInput> inputs, List<RunData> data, boolean repeats) {
        List<String> base = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            FleetRun r = new FleetRun("", inputs.get(i).given(), data.get(i), null, null);
            String cores = r.cores() == 0 ? "cores unknown" : r.cores() + (r.cores() == 1 ? " core" : " cores");
            base.add(r.host() + " · " + cores + (r.requestedCpus() != null ? " (--cpus " + r.requestedCpus() + ")" : "")
                    + (repeats ? " · " + r.metadata().preset() : ""));
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            String b = base.get(i);
            named.add(twice(base, b) ? b + " · " + new FleetRun("", inputs.get(i).given(), data.get(i), null, null).runName() : b);
        }
        // two runs of one machine kept in directories of one name (results/example of two commits, say)
        List<String> out = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            String n = named.get(i);
            String commit = data.get(i).metadata().commit();
            out.add(twice(named, n) && commit != null ? n + " · " + commit.substring(0, Math.min(7, commit.length())) : n);
        }
        for (int i = 0; i < out.size(); i++) {
            if (twice(out, out.get(i))) {
                out.set(i, out.get(i) + " · run " + (i + 1));
            }
        }
        return out;
    }

    private static boolean twice(List<String> labels, String label) {
        return labels.stream().filter(label::equals).count() > 1;
    }

    /** The fleet's preset and JDK are those of most runs (the first run's on a tie); the rest are set apart. */
    private static Fleet split(List<FleetRun> all, boolean allowMixed, List<RunInput> inputs) throws BadInputException {
        Map<String, List<FleetRun>> byPreset = new LinkedHashMap<>();
        all.forEach(r -> byPreset.computeIfAbsent(r.metadata().preset(), k -> new ArrayList<>()).add(r));
        if (byPreset.size() > 1 && !allowMixed) {
            StringBuilder b = new StringBuilder("mixed presets: ");
            List<String> parts = new ArrayList<>();
            byPreset.forEach((p, rs) -> parts.add(p + " (" + String.join(", ", rs.stream().map(r -> r.given().toString()).toList()) + ")"));
            b.append(String.join("; ", parts)).append(". A preset decides the grid and the forks, so crossovers of two presets "
                    + "differ for reasons other than the machine. Give runs of one preset, or pass --allow-mixed to set the "
                    + "runs of the other presets apart");
            throw new BadInputException(b.toString());
        }
        Map<String, List<FleetRun>> byKey = new LinkedHashMap<>();
        all.forEach(r -> byKey.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r));
        String ref = byKey.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
        FleetRun refRun = byKey.get(ref).getFirst();
        String preset = refRun.metadata().preset();
        String jdk = refRun.metadata().jdkVersion();
        List<FleetRun> runs = new ArrayList<>();
        List<Apart> apart = new ArrayList<>();
        for (FleetRun r : all) {
            if (key(r).equals(ref)) {
                runs.add(r);
            } else {
                List<String> why = new ArrayList<>();
                if (!Objects.equals(r.metadata().preset(), preset)) {
                    why.add("preset " + r.metadata().preset() + ", the fleet's is " + preset);
                }
                if (!Objects.equals(r.metadata().jdkVersion(), jdk)) {
                    why.add("JDK " + (r.metadata().jdkVersion() == null ? "unknown" : r.metadata().jdkVersion())
                            + ", the fleet's is " + jdk);
                }
                apart.add(new Apart(r, String.join("; ", why)));
            }
        }
        runs.sort(Comparator.comparingInt(FleetRun::cores).thenComparing(FleetRun::label));
        return new Fleet(List.copyOf(runs), List.copyOf(apart), preset, jdk, inputs, false);
    }

    /** Repeats of one host, JDK and core budget: all kept, whatever their presets. */
    private static Fleet repeats(List<FleetRun> all, List<RunInput> inputs) throws BadInputException {
        for (var side : List.<Function<FleetRun, Object>>of(FleetRun::host, r -> r.metadata().jdkVersion(),
                FleetRun::cores)) {
            Map<Object, List<String>> by = new LinkedHashMap<>();
            all.forEach(r -> by.computeIfAbsent(String.valueOf(side.apply(r)), k -> new ArrayList<>()).add(r.given().toString()));
            if (by.size() > 1) {
                List<String> parts = new ArrayList<>();
                by.forEach((v, rs) -> parts.add(v + " (" + String.join(", ", rs) + ")"));
                throw new BadInputException("--repeats compares runs of one host, JDK and core budget, but they differ: "
                        + String.join("; ", parts) + ". Drop --repeats to compare machines or budgets");
            }
        }
        List<String> presets = all.stream().map(r -> r.metadata().preset()).distinct().toList();
        return new Fleet(List.copyOf(all), List.of(), String.join("+", presets), all.getFirst().metadata().jdkVersion(), inputs,
                true);
    }

    private static String key(FleetRun r) {
        return r.metadata().preset() + "|" + r.metadata().jdkVersion();
    }

    /** Deletes the extracted copies of archives. */
    @Override
    public void close() {
        inputs.forEach(RunInput::close);
    }
}
