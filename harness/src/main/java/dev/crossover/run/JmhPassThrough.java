package dev.crossover.run;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * JMH options a user passes through ({@code --jmh "-f 1 -prof gc"}), parsed by JMH's own
 * {@link CommandLineOptions} and laid over each group's options: where the user said something, the
 * user wins; what selects benchmarks and where results go stays the harness's.
 */
public final class JmhPassThrough {

    private final CommandLineOptions options;
    private final List<String> args;
    private final List<String> ignored = new ArrayList<>();

    private JmhPassThrough(CommandLineOptions options, List<String> args) {
        this.options = options;
        this.args = List.copyOf(args);
        if (!options.getIncludes().isEmpty()) {
            ignored.add("benchmark patterns " + options.getIncludes() + " (use --include / -Dbench.include)");
        }
        if (options.getResult().hasValue() || options.getResultFormat().hasValue()) {
            ignored.add("-rf/-rff (results always go to the run directory as JSON)");
        }
        if (options.getOutput().hasValue()) {
            ignored.add("-o (JMH's output always goes to run.log in the run directory)");
        }
    }

    /** No options. */
    public static JmhPassThrough none() {
        try {
            return new JmhPassThrough(new CommandLineOptions(), List.of());
        } catch (CommandLineOptionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws PlanException when JMH does not accept the options; the message is JMH's */
    public static JmhPassThrough parse(String line) throws PlanException {
        if (line == null || line.isBlank()) {
            return none();
        }
        try {
            List<String> args = split(line);
            return new JmhPassThrough(new CommandLineOptions(args.toArray(String[]::new)), args);
        } catch (CommandLineOptionException e) {
            throw new PlanException("JMH options '" + line + "' are not accepted by JMH: " + e.getMessage()
                    + " (run java -jar benchmarks/target/benchmarks.jar -h for the list)");
        }
    }

    /** The names given with {@code -p name=v1,v2}, in order. */
    public List<String> paramNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String spec = a.equals("-p") && i + 1 < args.size() ? args.get(++i) : null;
            if (spec != null) {
                int eq = spec.indexOf('=');
                String name = (eq < 0 ? spec : spec.substring(0, eq)).trim();
                if (!out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * Checks, before anything runs, what the options name against what the plan selects: every profiler
     * ({@code -prof}) must be one of JMH's or a class on the class path implementing JMH's profiler
     * interface, and one JMH can start here; every {@code -p} name a {@code @Param} of a selected benchmark,
     * and its values of the param's type (an enum's constants, a number, a pool-size form).
     *
     * @param selected the benchmarks the plan runs
     * @param sizing   resolves pool-size forms ({@code cores}, {@code 2*cores}, …)
     * @throws PlanException naming the option and value and listing what is accepted
     */
    public void check(List<BenchmarkInfo> selected, Sizing sizing) throws PlanException {
        for (ProfilerConfig p : options.getProfilers()) {
            try {
                ProfilerFactory.getProfilerOrException(p);
            } catch (ProfilerException | RuntimeException | LinkageError e) {
                String why = String.valueOf(e.getMessage()).contains("ClassNotFoundException")
                        ? "JMH has no profiler of that name and no class of that name is on the class path"
                        : "JMH cannot start this profiler here: " + e.getMessage();
                throw new PlanException("--jmh \"-prof " + p.getKlass() + (p.getOpts().isEmpty() ? "" : ":" + p.getOpts())
                        + "\": " + why + ". Accepted: JMH's profilers ("
                        + String.join(", ", jmhProfilers()) + ") or the class name of a profiler on the class path that "
                        + "implements org.openjdk.jmh.profile.InternalProfiler or ExternalProfiler");
            }
        }
        java.util.TreeSet<String> known = new java.util.TreeSet<>();
        selected.forEach(b -> known.addAll(b.params().keySet()));
        for (String name : paramNames()) {
            List<BenchmarkInfo> having = selected.stream().filter(b -> b.params().containsKey(name)).toList();
            if (having.isEmpty()) {
                throw new PlanException("--jmh \"-p " + name + "=…\": no benchmark the plan selects has a @Param '" + name
                        + "'. Their params: " + (known.isEmpty() ? "none" : String.join(", ", known))
                        + " (--dry-run lists the groups; --include selects others)");
            }
            for (String value : options.getParameter(name).orElse(List.of())) {
                for (BenchmarkInfo b : having) {
                    String why = ParamCheck.reject(b, name, value, sizing);
                    if (why != null) {
                        throw new PlanException("--jmh \"-p " + name + "=" + value + "\": " + b.shortName() + "." + name
                                + " " + why);
                    }
                }
            }
        }
    }

    /** JMH's own profiler names ({@code gc}, {@code stack}, …), read from JMH's table of them; empty if unreadable. */
    static List<String> jmhProfilers() {
        try {
            java.lang.reflect.Field f = ProfilerFactory.class.getDeclaredField("BUILT_IN");
            f.setAccessible(true);
            return ((Map<?, ?>) f.get(null)).keySet().stream().map(String::valueOf).sorted().toList();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of("see java -jar benchmarks/target/benchmarks.jar -lprof");
        }
    }

    /** Options given that the harness does not pass on, with what to use instead. */
    public List<String> ignored() {
        return List.copyOf(ignored);
    }

    /** A {@code -jvm} given in the pass-through, or null. */
    public String jvm() {
        return options.getJvm().orElse(null);
    }

    /** Forks and iterations the user set. */
    public RunSettings overrides() {
        return new RunSettings(options.getForkCount().orElse(null), options.getWarmupIterations().orElse(null),
                seconds(options.getWarmupTime().orElse(null)), options.getMeasurementIterations().orElse(null),
                seconds(options.getMeasurementTime().orElse(null)));
    }

    /** Params the user set ({@code -p name=v1,v2}) among {@code names}. */
    public Map<String, List<String>> params(Collection<String> names) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String n : names) {
            set(options.getParameter(n), v -> out.put(n, List.copyOf(v)));
        }
        return out;
    }

    /** JVM arguments of the forks the user set, or null. */
    public List<String> jvmArgs() {
        return options.getJvmArgs().hasValue() ? List.copyOf(options.getJvmArgs().get()) : null;
    }

    /**
     * The arguments a fork's JVM gets around {@code jvmArgs} (the user's {@code -jvmArgs}, else the inherited
     * ones): the user's {@code -jvmArgsPrepend} before, {@code -jvmArgsAppend} after, as JMH lays them out.
     */
    public List<String> forkJvmArgs(List<String> jvmArgs) {
        List<String> out = new ArrayList<>();
        set(options.getJvmArgsPrepend(), out::addAll);
        out.addAll(jvmArgs);
        set(options.getJvmArgsAppend(), out::addAll);
        return out;
    }

    /** Class names of the profilers the user asked for ({@code -prof}). */
    public List<String> profilers() {
        return options.getProfilers().stream().map(ProfilerConfig::getKlass).toList();
    }

    /** Lays every option the user gave over {@code b} (forks, iterations, JVM args, profilers, modes …). */
    public void applyTo(ChainedOptionsBuilder b) {
        CommandLineOptions o = options;
        o.getExcludes().forEach(b::exclude);
        set(o.getWarmupMode(), b::warmupMode);
        o.getWarmupIncludes().forEach(b::includeWarmup);
        set(o.getJvmArgs(), a -> b.jvmArgs(a.toArray(String[]::new)));
        set(o.getJvmArgsAppend(), a -> b.jvmArgsAppend(a.toArray(String[]::new)));
        set(o.getJvmArgsPrepend(), a -> b.jvmArgsPrepend(a.toArray(String[]::new)));
        set(o.getForkCount(), b::forks);
        set(o.getWarmupForkCount(), b::warmupForks);
        set(o.getMeasurementIterations(), b::measurementIterations);
        set(o.getMeasurementBatchSize(), b::measurementBatchSize);
        set(o.getMeasurementTime(), b::measurementTime);
        set(o.getWarmupIterations(), b::warmupIterations);
        set(o.getWarmupBatchSize(), b::warmupBatchSize);
        set(o.getWarmupTime(), b::warmupTime);
        set(o.getThreads(), b::threads);
        set(o.getThreadGroups(), b::threadGroups);
        set(o.shouldDoGC(), b::shouldDoGC);
        set(o.shouldSyncIterations(), b::syncIterations);
        set(o.verbosity(), b::verbosity);
        set(o.getTimeUnit(), b::timeUnit);
        set(o.getOperationsPerInvocation(), b::operationsPerInvocation);
        set(o.shouldFailOnError(), b::shouldFailOnError);
        set(o.getTimeout(), b::timeout);
        for (ProfilerConfig p : o.getProfilers()) {
            b.addProfiler(p.getKlass(), p.getOpts());
        }
        for (Mode m : o.getBenchModes()) {
            b.mode(m);
        }
    }

    /** JMH's own Optional has no ifPresent. */
    private static <T> void set(org.openjdk.jmh.util.Optional<T> o, Consumer<T> c) {
        if (o.hasValue()) {
            c.accept(o.get());
        }
    }

    private static Double seconds(TimeValue t) {
        return t == null ? null : t.convertTo(TimeUnit.MILLISECONDS) / 1000.0;
    }

    /** Splits like a shell: blanks separate, single or double quotes group. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || !cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (any || !cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
