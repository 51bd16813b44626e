package dev.crossover.run;

import dev.crossover.analysis.CrossoverRules;
import dev.crossover.analysis.crossover.BenchmarkRef;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.results.ParamNames;
import org.openjdk.jmh.annotations.Mode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * What a run measures: the groups (one JMH {@code Runner} call each) with the exact JMH params each
 * passes, built in this one place from the preset, the discovered benchmarks and the CPU budget.
 * <p>
 * A group is the methods of one class that declare the same {@code @Param}s with the same values, so
 * every param passed applies to every method of the call as declared and nothing is multiplied by accident. Symbolic pool sizes
 * ({@code cores}, {@code formula} …) are resolved here and passed as numbers; symbols resolving to the
 * same number run once. Where the blocking formula depends on a swept wait fraction, the group is
 * split per wait fraction so each gets its own formula size.
 *
 * @param preset the preset
 * @param groups in run order
 * @param sizes  each pool-size symbol with the number it resolved to
 * @param notes  what the plan decided that a reader should know (deduplicated sizes, pass-throughs)
 */
public record SweepPlan(Preset preset, List<Group> groups, Map<String, Integer> sizes, List<String> notes) {

    /**
     * Seconds to start a fork, set up and tear down (estimate only): measured on 2 cores at 0.5–1.1 s at a
     * load average of about 2 (a quick run: a fork of 1.5 s of iterations took 2.0–2.6 s) and 1.8 s under a
     * load average of 17; 1 s is used, and the ETA adapts during the run.
     */
    static final double FORK_OVERHEAD_SECONDS = 1.0;
    /** Seconds one single-shot invocation is guessed to take (estimate only). */
    static final double SINGLE_SHOT_SECONDS = 0.25;

    /** Params holding pool sizes, resolved through {@link Sizing}. */
    static final Set<String> SIZE_PARAMS = Set.of(ParamNames.POOL_SIZE, ParamNames.CONTENDERS);

    /** Every claim and crossover ID of {@code notes/CLAIMS.md}, read from the one catalog. */
    public static final List<String> CLAIM_IDS = ClaimsCatalog.bundled().ids();

    public SweepPlan {
        groups = List.copyOf(groups);
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        notes = List.copyOf(notes);
    }

    /**
     * One JMH {@code Runner} call.
     *
     * @param id             unique, readable name ({@code CpuBoundBench.poolSweep}); names the JSON file
     * @param className      fully qualified benchmark class
     * @param methods        benchmark methods of the call
     * @param modes          modes that run
     * @param forceMode      true when the preset picked one of several declared modes (passed to JMH)
     * @param params         every param of these methods with the values passed to JMH
     * @param serves         claim IDs of the class
     * @param configurations benchmark configurations (method × mode × param combination) in the call
     * @param settings       forks and iterations passed to JMH (null fields: the annotation's)
     * @param estimateSeconds estimated wall time
     */
    public record Group(String id, String className, List<String> methods, List<Mode> modes, boolean forceMode,
                        Map<String, List<String>> params, List<String> serves, int configurations,
                        RunSettings settings, double estimateSeconds) {

        public Group {
            methods = List.copyOf(methods);
            modes = List.copyOf(modes);
            Map<String, List<String>> copy = new LinkedHashMap<>();
            params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            params = Collections.unmodifiableMap(copy);
            serves = List.copyOf(serves);
        }

        /** JMH include pattern selecting exactly these methods. */
        public String includeRegex() {
            return "^" + Pattern.quote(className) + "\\.(" + String.join("|", methods) + ")$";
        }

        /** {@code jmh-<id>.json}, safe as a file name. */
        public String resultFileName() {
            return resultFileName(id);
        }

        /** The result file of the group {@code id}, as {@link #resultFileName()} names it (for readers of plan.json). */
        public static String resultFileName(String id) {
            return dev.crossover.results.RunCompleteness.groupFileName(id);
        }
    }

    /**
     * Estimated wall time of {@code configurations} configurations of {@code first}'s class run with
     * {@code settings} (null fields: the benchmark's annotations, then JMH's defaults).
     */
    static double estimateSeconds(RunSettings settings, BenchmarkInfo first, List<Mode> modes, int configurations) {
        RunSettings eff = settings.orElse(RunSettings.of(first)).orElse(RunSettings.JMH_DEFAULTS);
        boolean singleShot = modes.stream().allMatch(m -> m == Mode.SingleShotTime);
        double perFork = FORK_OVERHEAD_SECONDS + first.setupSeconds() + (singleShot
                ? (eff.warmupIterations() + eff.measurementIterations()) * SINGLE_SHOT_SECONDS
                : eff.warmupIterations() * eff.warmupSeconds() + eff.measurementIterations() * eff.measurementSeconds());
        return configurations * eff.forks() * perFork;
    }

    /**
     * What the user asked for.
     *
     * @param preset     the preset
     * @param include    regex on {@code Class.method} (or the qualified name), null for all
     * @param claims     claim IDs to keep groups serving any of them, empty for all
     * @param kernel     a kernel name for groups with a {@code kernel} param, null for the default
     * @param userParams params given through JMH options ({@code -p name=v}); they win where a group has the param
     * @param overrides  forks and iterations given through JMH options; they win over the preset
     */
    public record Request(Preset preset, String include, List<String> claims, String kernel,
                          Map<String, List<String>> userParams, RunSettings overrides) {

        public Request {
            claims = claims == null ? List.of() : List.copyOf(claims);
            userParams = userParams == null ? Map.of() : Map.copyOf(userParams);
            overrides = overrides == null ? new RunSettings(null, null, null, null, null) : overrides;
        }

        /** The preset alone. */
        public static Request of(Preset preset) {
            return new Request(preset, null, List.of(), null, Map.of(), null);
        }
    }

    /** Total estimated seconds. */
    public double estimateSeconds() {
        return groups.stream().mapToDouble(Group::estimateSeconds).sum();
    }

    /** Total configurations. */
    public int configurations() {
        return groups.stream().mapToInt(Group::configurations).sum();
    }

    /**
     * Builds the plan.
     *
     * @throws PlanException for an unknown claim, a bad or empty include pattern, a kernel no sweep takes
     */
    public static SweepPlan build(Request req, List<BenchmarkInfo> all, Sizing sizing) throws PlanException {
        List<BenchmarkInfo> filtered = filter(req, all);
        Builder b = new Builder(req, sizing);
        List<BenchmarkInfo> selected = b.keepQuickMethods(filtered, all);
        Map<String, List<BenchmarkInfo>> byKey = new LinkedHashMap<>();
        for (BenchmarkInfo bi : selected) {
            // Same class and the same declared params (names and values): then every param passed applies to
            // every method of the call as declared, and no method is swept over values it never declared.
            byKey.computeIfAbsent(bi.className() + "|" + new java.util.TreeMap<>(bi.params()), k -> new ArrayList<>()).add(bi);
        }
        Map<String, Long> groupsPerClass = new LinkedHashMap<>();
        byKey.values().forEach(l -> groupsPerClass.merge(l.get(0).className(), 1L, Long::sum));
        boolean kernelUsed = false;
        for (List<BenchmarkInfo> entries : byKey.values()) {
            boolean split = groupsPerClass.get(entries.get(0).className()) > 1;
            kernelUsed |= entries.get(0).params().containsKey(ParamNames.KERNEL);
            b.addGroups(entries, split);
        }
        if (req.kernel() != null && !kernelUsed) {
            throw new PlanException("kernel '" + req.kernel() + "' given, but none of the selected benchmarks has a '"
                    + ParamNames.KERNEL + "' param; the CPU and mixed sweeps take one: "
                    + all.stream().filter(x -> x.params().containsKey(ParamNames.KERNEL)).map(BenchmarkInfo::shortName)
                    .distinct().toList());
        }
        return new SweepPlan(req.preset(), b.groups, b.sizes, b.notes);
    }

    /**
     * The claim IDs, upper-cased.
     *
     * @throws PlanException naming an unknown ID and listing the accepted ones
     */
    public static Set<String> checkClaimIds(List<String> claims) throws PlanException {
        Set<String> wanted = new LinkedHashSet<>();
        for (String c : claims) {
            String id = c.trim().toUpperCase(Locale.ROOT);
            if (!CLAIM_IDS.contains(id)) {
                throw new PlanException("unknown claim '" + c.trim() + "'; accepted: " + String.join(",", CLAIM_IDS));
            }
            wanted.add(id);
        }
        return wanted;
    }

    private static List<BenchmarkInfo> filter(Request req, List<BenchmarkInfo> all) throws PlanException {
        List<BenchmarkInfo> out = all;
        if (req.include() != null && !req.include().isBlank()) {
            Pattern p;
            try {
                p = Pattern.compile(req.include());
            } catch (PatternSyntaxException e) {
                throw new PlanException("include pattern '" + req.include() + "' is not a valid regex: " + e.getDescription());
            }
            out = out.stream().filter(x -> p.matcher(x.shortName()).find()
                    || p.matcher(x.className() + "." + x.method()).find()).toList();
            if (out.isEmpty()) {
                throw new PlanException("include pattern '" + req.include() + "' matches no benchmark; accepted: "
                        + all.stream().map(BenchmarkInfo::shortName).distinct().toList());
            }
        }
        if (!req.claims().isEmpty()) {
            Set<String> wanted = checkClaimIds(req.claims());
            List<BenchmarkInfo> before = out;
            out = out.stream().filter(x -> x.serves().stream().anyMatch(wanted::contains)).toList();
            if (out.isEmpty()) {
                Set<String> served = new TreeSet<>(Comparator.comparing((String s) -> s.charAt(0))
                        .thenComparingInt(s -> Integer.parseInt(s.substring(1))));
                before.forEach(x -> x.serves().stream().filter(CLAIM_IDS::contains).forEach(served::add));
                throw new PlanException("no selected benchmark serves " + wanted + "; served: " + String.join(",", served));
            }
        }
        return out;
    }

    /** Mutable state of one {@link #build}. */
    private static final class Builder {
        final Request req;
        final Sizing sizing;
        final List<Group> groups = new ArrayList<>();
        final Map<String, Integer> sizes = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        final Set<String> noted = new LinkedHashSet<>();

        Builder(Request req, Sizing sizing) {
            this.req = req;
            this.sizing = sizing;
            sizes.put("cores", sizing.budget().cores());
        }

        /**
         * Below FULL, the methods a class's {@link QuickGrid#methods()} names, where it names any; every method
         * when the user chose benchmarks with {@code --include} or named a claim of the class in {@code --claims}.
         *
         * @throws PlanException when a class's quick methods name a method it does not declare
         */
        List<BenchmarkInfo> keepQuickMethods(List<BenchmarkInfo> entries, List<BenchmarkInfo> all) throws PlanException {
            Map<String, Set<String>> declared = new LinkedHashMap<>();
            all.forEach(e -> declared.computeIfAbsent(e.simpleClassName(), k -> new java.util.TreeSet<>()).add(e.method()));
            Map<String, Map<String, Set<String>>> values = new LinkedHashMap<>();
            all.forEach(e -> e.params().forEach((k, v) -> values.computeIfAbsent(e.simpleClassName(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(k, kk -> new LinkedHashSet<>()).addAll(v)));
            for (BenchmarkInfo e : entries) {
                List<String> unknown = e.quickMethods().stream().filter(m -> !declared.get(e.simpleClassName()).contains(m)).toList();
                if (!unknown.isEmpty()) {
                    throw new PlanException(e.simpleClassName() + ": @QuickGrid methods name " + unknown + ", which the class does not "
                            + "declare as benchmarks; it declares " + declared.get(e.simpleClassName()) + ": fix the @QuickGrid methods");
                }
                for (Map.Entry<String, List<String>> q : e.quickParams().entrySet()) {
                    Set<String> have = values.getOrDefault(e.simpleClassName(), Map.of()).get(q.getKey());
                    if (have == null || !have.containsAll(q.getValue())) {
                        throw new PlanException(e.simpleClassName() + ": @QuickGrid keeps " + q.getKey() + "=" + q.getValue()
                                + ", but the class declares " + (have == null ? "no @Param " + q.getKey() : q.getKey() + "=" + have)
                                + "; quick may only keep declared values: fix the @QuickGrid entry or the @Param");
                    }
                }
            }
            if (req.preset().selection() != Preset.Selection.CROSSOVERS || (req.include() != null && !req.include().isBlank())) {
                return entries;
            }
            Set<String> wanted = wantedClaims();
            Map<String, Set<String>> dropped = new LinkedHashMap<>();
            List<BenchmarkInfo> out = new ArrayList<>();
            for (BenchmarkInfo e : entries) {
                boolean keep = e.quickMethods().isEmpty() || e.quickMethods().contains(e.method())
                        || e.serves().stream().anyMatch(wanted::contains);
                if (keep) {
                    out.add(e);
                } else {
                    dropped.computeIfAbsent(e.simpleClassName(), k -> new java.util.TreeSet<>()).add(e.method());
                }
            }
            dropped.forEach((cls, methods) -> note(cls + ": methods " + methods + " not in " + req.preset().id()
                    + " (its @QuickGrid runs " + entries.stream().filter(e -> e.simpleClassName().equals(cls)).findFirst()
                    .orElseThrow().quickMethods() + "; full runs all, --include picks any)"));
            return out;
        }

        void addGroups(List<BenchmarkInfo> entries, boolean nameByMethod) throws PlanException {
            BenchmarkInfo first = entries.get(0);
            List<String> methods = entries.stream().map(BenchmarkInfo::method).distinct().toList();
            List<Mode> modes = entries.stream().map(BenchmarkInfo::mode).distinct().toList();
            Map<String, List<String>> declared = new LinkedHashMap<>();
            for (BenchmarkInfo e : entries) {
                e.params().forEach((k, v) -> declared.merge(k, v, (a, c) -> Stream.concat(a.stream(), c.stream()).distinct().toList()));
            }
            if (req.preset().selection() == Preset.Selection.CROSSOVERS) {
                // the class's values were checked against every method's (keepQuickMethods); a method keeps those it declares
                for (Map.Entry<String, List<String>> q : first.quickParams().entrySet()) {
                    List<String> have = declared.get(q.getKey());
                    List<String> kept = have == null ? List.of() : have.stream().filter(q.getValue()::contains).toList();
                    if (!kept.isEmpty()) {
                        declared.put(q.getKey(), kept);
                    }
                }
                narrowToWhatCrossoversRead(declared, first, methods);
            }
            req.userParams().forEach((k, v) -> declared.computeIfPresent(k, (kk, old) -> v));
            if (req.kernel() != null) {
                declared.computeIfPresent(ParamNames.KERNEL, (k, old) -> List.of(req.kernel()));
            }
            boolean every = switch (req.preset().selection()) {
                case ALL -> true;
                case ONE -> false;
                // Sample-time-only groups give tails, not the throughput curves crossovers are read from.
                // A method no selected crossover reads (CpuBoundBench.singleThread beside the X1 and X2 sweeps) gates
                // regressions at one configuration, unless --claims names a claim of its class.
                case CROSSOVERS -> first.serves().stream().anyMatch(s -> s.startsWith("X"))
                        && !entries.stream().allMatch(e -> e.mode() == Mode.SampleTime)
                        && (claimOfClassWanted(first) || !crossoverReferences(first, methods).isEmpty());
            };
            // Below FULL, one mode (the first: thrpt/avgt before sample) where every method declares the same
            // modes: the crossovers read throughput and average time; tail latency (sample) is FULL's job.
            boolean sameModes = methods.stream().allMatch(m -> entries.stream().filter(e -> e.method().equals(m))
                    .map(BenchmarkInfo::mode).toList().equals(modes));
            boolean forceMode = req.preset().selection() != Preset.Selection.ALL && modes.size() > 1 && sameModes;
            List<Mode> runModes = forceMode ? List.of(modes.get(0)) : modes;
            int entryCount = forceMode ? methods.size() : entries.size();

            String baseId = first.simpleClassName() + (nameByMethod ? "." + String.join("+", methods) : "");
            List<String> waitFractions = declared.get(ParamNames.WAIT_FRACTION);
            boolean formulaSwept = waitFractions != null && SIZE_PARAMS.stream().map(declared::get)
                    .anyMatch(v -> v != null && v.stream().anyMatch(s -> s.contains("formula")));
            if (formulaSwept) {
                List<String> wfs = every ? waitFractions : List.of(cheapest(ParamNames.WAIT_FRACTION, waitFractions));
                for (String wf : wfs) {
                    Map<String, List<String>> p = new LinkedHashMap<>(declared);
                    p.put(ParamNames.WAIT_FRACTION, List.of(wf));
                    double woc = waitOverCompute(Double.parseDouble(wf));
                    String suffix = " (" + ParamNames.WAIT_FRACTION + "=" + wf + ")";
                    add(first, baseId + "@" + ParamNames.WAIT_FRACTION + "=" + wf, methods, runModes, forceMode,
                            choose(p, every, woc, suffix), entryCount, every);
                }
            } else {
                add(first, baseId, methods, runModes, forceMode, choose(declared, every, 0, ""), entryCount, every);
            }
        }

        /**
         * Below FULL, a crossover sweep runs the param values its crossover rules read (each rule names them in its
         * {@link dev.crossover.analysis.crossover.BenchmarkRef}s), not every value the benchmark declares for the
         * claims beside it. Only the selected crossovers count (all without {@code --claims}); a claim of the group
         * named in {@code --claims} keeps every value, and so does a param no reading rule narrows.
         */
        private void narrowToWhatCrossoversRead(Map<String, List<String>> declared, BenchmarkInfo first, List<String> methods) {
            if (claimOfClassWanted(first)) {
                return;
            }
            List<BenchmarkRef> refs = crossoverReferences(first, methods);
            if (refs.isEmpty()) {
                return;
            }
            for (Map.Entry<String, List<String>> e : declared.entrySet()) {
                if (refs.stream().anyMatch(r -> !r.params().containsKey(e.getKey()))) {
                    continue;
                }
                Set<String> read = new LinkedHashSet<>();
                refs.forEach(r -> read.addAll(r.params().get(e.getKey())));
                List<String> kept = e.getValue().stream().filter(read::contains).toList();
                if (!kept.isEmpty() && kept.size() < e.getValue().size()) {
                    List<String> dropped = e.getValue().stream().filter(v -> !read.contains(v)).toList();
                    note(first.simpleClassName() + "." + String.join("+", methods) + ": " + e.getKey() + " " + dropped
                            + " serve claims only; not in " + req.preset().id() + " (full runs them)");
                    e.setValue(kept);
                }
            }
        }

        /** The claims and crossovers of {@code --claims}, upper case; empty when it names none. */
        private Set<String> wantedClaims() {
            Set<String> wanted = new LinkedHashSet<>();
            req.claims().forEach(c -> wanted.add(c.trim().toUpperCase(Locale.ROOT)));
            return wanted;
        }

        /** True when {@code --claims} names a claim (C…) the class serves. */
        private boolean claimOfClassWanted(BenchmarkInfo first) {
            Set<String> wanted = wantedClaims();
            return first.serves().stream().anyMatch(s -> s.startsWith("C") && wanted.contains(s));
        }

        /** What the selected crossover rules (all without {@code --claims}) read of these methods of the class. */
        private List<BenchmarkRef> crossoverReferences(BenchmarkInfo first, List<String> methods) {
            Set<String> wanted = wantedClaims();
            return CrossoverRules.all().stream()
                    .filter(r -> wanted.isEmpty() || wanted.contains(r.id()))
                    .flatMap(r -> r.references().stream())
                    .filter(r -> r.className().equals(first.simpleClassName()) && methods.contains(r.method()))
                    .toList();
        }

        private void add(BenchmarkInfo first, String id, List<String> methods, List<Mode> modes, boolean forceMode,
                         Map<String, List<String>> params, int entryCount, boolean sweep) {
            int combos = params.values().stream().mapToInt(List::size).reduce(1, (a, c) -> a * c);
            int configurations = combos * entryCount;
            RunSettings preset = req.preset().settings();
            if (req.preset().selection() == Preset.Selection.CROSSOVERS && !sweep) {
                preset = new RunSettings(req.preset().gatingForks(), preset.warmupIterations(), preset.warmupSeconds(),
                        preset.measurementIterations(), preset.measurementSeconds());
            }
            RunSettings settings = req.overrides().orElse(preset);
            groups.add(new Group(id, first.className(), methods, modes, forceMode, params, first.serves(), configurations,
                    settings, estimateSeconds(settings, first, modes, configurations)));
        }

        private Map<String, List<String>> choose(Map<String, List<String>> declared, boolean every,
                                                 double waitOverCompute, String symbolSuffix) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            declared.forEach((name, values) -> {
                List<String> v = SIZE_PARAMS.contains(name) ? resolveSizes(name, values, waitOverCompute, symbolSuffix) : values;
                out.put(name, every || v.size() <= 1 ? v : List.of(cheapest(name, v)));
            });
            return out;
        }

        /** Symbols to numbers, first symbol of each number kept; values that are no size form pass unchanged. */
        private List<String> resolveSizes(String param, List<String> symbols, double waitOverCompute, String suffix) {
            Map<String, String> byValue = new LinkedHashMap<>();
            for (String s : symbols) {
                String value;
                try {
                    int n = sizing.resolve(s, waitOverCompute);
                    value = Integer.toString(n);
                    if (!s.trim().matches("\\d+")) {
                        sizes.put(s.contains("formula") ? s + suffix : s, n);
                    }
                } catch (IllegalArgumentException e) {
                    value = s;
                    note(param + " '" + s + "' is not a size form " + sizing.forms() + "; passed to the benchmark unchanged");
                }
                String earlier = byValue.putIfAbsent(value, s);
                if (earlier != null) {
                    note(param + ": '" + s + "'" + suffix + " resolves to " + value + " like '" + earlier + "'; runs once");
                }
            }
            return List.copyOf(byValue.keySet());
        }

        private void note(String s) {
            if (noted.add(s)) {
                notes.add(s);
            }
        }
    }

    /**
     * W/C of a task with wait fraction W/(W+C), rounded to 6 decimals so that 0.9 gives 9, not
     * 9.000000000000002 (which a formula rounding up would turn into one more thread); capped at 0.999.
     */
    public static double waitOverCompute(double waitFraction) {
        double f = Math.max(0, Math.min(waitFraction, 0.999));
        return Math.round(f / (1 - f) * 1e6) / 1e6;
    }

    /**
     * The cheapest single value: the smallest number; for an executor, a process-based one (the path that
     * can leave something behind, which a smoke run must prove it does not); otherwise the first declared.
     */
    static String cheapest(String param, List<String> values) {
        if (ParamNames.EXECUTOR.equals(param)) {
            return values.stream().filter(v -> v.toUpperCase(Locale.ROOT).contains("PROCESS")).findFirst().orElse(values.get(0));
        }
        return values.stream().filter(SweepPlan::isNumber).min(Comparator.comparingDouble(Double::parseDouble))
                .orElse(values.get(0));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
