package dev.crossover.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.crossover.results.RunMetadataFile.Key.*;

/**
 * {@code metadata.json} of a run directory as {@code crossover run} writes it (format {@value #FORMAT_VERSION},
 * keys in {@link Key}): what ran, where and when, so that a report states its machine and a comparison
 * can refuse runs that are not comparable. Readers of any run use the lenient {@link RunMetadata}; this one is strict.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param preset        {@code smoke}, {@code quick} or {@code full}
 * @param startTime     ISO-8601 instant
 * @param endTime       ISO-8601 instant, null while running
 * @param commit        {@code git rev-parse HEAD}, null outside a repository
 * @param jdk           the JDK the benchmarks were forked on
 * @param jvmArgs       arguments of the JMH forks
 * @param childJvmArgs  arguments of the child worker JVMs the pools start
 * @param os            name, version and architecture
 * @param cpuModel      from {@code /proc/cpuinfo}
 * @param cpuBudget     cores the pools were sized for, and where that number came from
 * @param sizes         each symbolic pool size with the number it resolved to
 * @param noise         evidence of disturbance during the run
 * @param interrupted   how the run was stopped before its end (SIGINT, SIGTERM), null when it ran to its end
 * @param machine       which machine ran it (format 2 on; null in format 1)
 * @param virtualThreadScheduler the virtual-thread scheduler the forks start with (parallelism, maxPoolSize,
 *                      minRunnable), null when not recorded
 */
@JsonPropertyOrder({FORMAT_VERSION_KEY, PRESET, START_TIME, END_TIME, COMMIT, JDK, JVM_ARGS, CHILD_JVM_ARGS,
        OS, CPU_MODEL, MACHINE, CPU_BUDGET, SIZES, NOISE, INTERRUPTED, VIRTUAL_THREAD_SCHEDULER})
public record RunMetadataFile(@JsonProperty(FORMAT_VERSION_KEY) int formatVersion, @JsonProperty(PRESET) String preset,
                              @JsonProperty(START_TIME) String startTime, @JsonProperty(END_TIME) String endTime,
                              @JsonProperty(COMMIT) String commit, @JsonProperty(JDK) Jdk jdk,
                              @JsonProperty(JVM_ARGS) List<String> jvmArgs,
                              @JsonProperty(CHILD_JVM_ARGS) List<String> childJvmArgs, @JsonProperty(OS) String os,
                              @JsonProperty(CPU_MODEL) String cpuModel, @JsonProperty(CPU_BUDGET) CpuBudget cpuBudget,
                              @JsonProperty(SIZES) Map<String, Integer> sizes, @JsonProperty(NOISE) Noise noise,
                              @JsonProperty(INTERRUPTED) @JsonInclude(JsonInclude.Include.NON_NULL) Interruption interrupted,
                              @JsonProperty(MACHINE) @JsonInclude(JsonInclude.Include.NON_NULL) Machine machine,
                              @JsonProperty(VIRTUAL_THREAD_SCHEDULER) @JsonInclude(JsonInclude.Include.NON_NULL)
                              VirtualThreadScheduler virtualThreadScheduler) {

    /**
     * The format this record writes. 2 added {@code machine} and {@code cpuBudget.cpus}/{@code affinity}; a
     * reader takes every format up to this one and refuses a newer one ({@link #checkFormat}).
     */
    public static final int FORMAT_VERSION = 2;

    /**
     * The keys of {@code metadata.json}, each named once: this record writes them and {@link RunMetadata},
     * the comparability check and the baselines read them. A nested key is {@code parent + "." + child}
     * in the dotted paths {@link RunMetadata#field} takes.
     */
    public static final class Key {
        public static final String FORMAT_VERSION_KEY = "formatVersion";
        public static final String PRESET = "preset";
        public static final String START_TIME = "startTime";
        public static final String END_TIME = "endTime";
        public static final String COMMIT = "commit";
        public static final String JDK = "jdk";
        public static final String JDK_VERSION = "version";
        public static final String JDK_VENDOR = "vendor";
        public static final String JDK_HOME = "home";
        public static final String JVM_ARGS = "jvmArgs";
        public static final String CHILD_JVM_ARGS = "childJvmArgs";
        public static final String OS = "os";
        public static final String CPU_MODEL = "cpuModel";
        public static final String CPU_BUDGET = "cpuBudget";
        public static final String CORES = "cores";
        public static final String CORES_SOURCE = "source";
        public static final String AVAILABLE_PROCESSORS = "availableProcessors";
        public static final String CGROUP_QUOTA = "cgroupQuota";
        public static final String CPUSET = "cpuset";
        public static final String SIZES = "sizes";
        public static final String NOISE = "noise";
        public static final String LOAD_AVG_START = "loadAvgStart";
        public static final String LOAD_AVG_END = "loadAvgEnd";
        public static final String STEAL_PERCENT = "stealPercent";
        public static final String WARNING = "warning";
        public static final String INTERRUPTED = "interrupted";
        public static final String MACHINE = "machine";
        public static final String HOSTNAME = "hostname";
        public static final String ONLINE_CPUS = "onlineCpus";
        public static final String MEMORY_MB = "memoryMb";
        public static final String REQUESTED_CPUS = "cpus";
        public static final String AFFINITY = "affinity";
        public static final String SIGNAL = "signal";
        public static final String DURING = "during";
        public static final String GROUPS_FINISHED = "groupsFinished";
        public static final String GROUPS_MISSING = "groupsMissing";
        public static final String VIRTUAL_THREAD_SCHEDULER = "virtualThreadScheduler";
        public static final String PARALLELISM = "parallelism";
        public static final String MAX_POOL_SIZE = "maxPoolSize";
        public static final String MIN_RUNNABLE = "minRunnable";
        public static final String NOTE = "note";
        /** Not written here ({@code crossover run} puts failures in {@code failures.json}); read when a run has it. */
        public static final String FAILURES = "failures";

        private Key() {
        }

        /** The dotted path of a nested key, e.g. {@code path(JDK, JDK_VERSION)} is {@code jdk.version}. */
        public static String path(String parent, String child) {
            return parent + "." + child;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A run that has not been interrupted. */
    public RunMetadataFile(int formatVersion, String preset, String startTime, String endTime, String commit, Jdk jdk,
                           List<String> jvmArgs, List<String> childJvmArgs, String os, String cpuModel, CpuBudget cpuBudget,
                           Map<String, Integer> sizes, Noise noise) {
        this(formatVersion, preset, startTime, endTime, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel, cpuBudget, sizes,
                noise, null, null, null);
    }

    /** A run without a recorded machine or virtual-thread scheduler. */
    public RunMetadataFile(int formatVersion, String preset, String startTime, String endTime, String commit, Jdk jdk,
                           List<String> jvmArgs, List<String> childJvmArgs, String os, String cpuModel, CpuBudget cpuBudget,
                           Map<String, Integer> sizes, Noise noise, Interruption interrupted) {
        this(formatVersion, preset, startTime, endTime, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel, cpuBudget, sizes,
                noise, interrupted, null, null);
    }

    /** A run without a recorded virtual-thread scheduler. */
    public RunMetadataFile(int formatVersion, String preset, String startTime, String endTime, String commit, Jdk jdk,
                           List<String> jvmArgs, List<String> childJvmArgs, String os, String cpuModel, CpuBudget cpuBudget,
                           Map<String, Integer> sizes, Noise noise, Interruption interrupted, Machine machine) {
        this(formatVersion, preset, startTime, endTime, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel, cpuBudget, sizes,
                noise, interrupted, machine, null);
    }

    public RunMetadataFile {
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        childJvmArgs = childJvmArgs == null ? List.of() : List.copyOf(childJvmArgs);
        sizes = sizes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    }

    /** The JDK of the forks. */
    public record Jdk(@JsonProperty(JDK_VERSION) String version, @JsonProperty(JDK_VENDOR) String vendor,
                      @JsonProperty(JDK_HOME) String home) {
    }

    /**
     * The CPU budget.
     *
     * @param cgroupQuota quota in cores, null when there is none
     * @param cpuset      the cpuset, null when there is none
     * @param cpus        the budget asked for with {@code crossover run --cpus N}, null when none was asked
     * @param affinity    the CPUs the run's processes were bound to (e.g. {@code 0-1}), null when unknown
     */
    @JsonPropertyOrder({CORES, CORES_SOURCE, AVAILABLE_PROCESSORS, CGROUP_QUOTA, CPUSET, REQUESTED_CPUS, AFFINITY})
    public record CpuBudget(@JsonProperty(CORES) int cores, @JsonProperty(CORES_SOURCE) String source,
                            @JsonProperty(AVAILABLE_PROCESSORS) int availableProcessors,
                            @JsonProperty(CGROUP_QUOTA) @JsonInclude(JsonInclude.Include.ALWAYS) Double cgroupQuota,
                            @JsonProperty(CPUSET) @JsonInclude(JsonInclude.Include.ALWAYS) String cpuset,
                            @JsonProperty(REQUESTED_CPUS) @JsonInclude(JsonInclude.Include.ALWAYS) Integer cpus,
                            @JsonProperty(AFFINITY) @JsonInclude(JsonInclude.Include.ALWAYS) String affinity) {

        /** A budget that was not asked for with {@code --cpus}, its affinity unknown. */
        public CpuBudget(int cores, String source, int availableProcessors, Double cgroupQuota, String cpuset) {
            this(cores, source, availableProcessors, cgroupQuota, cpuset, null, null);
        }
    }

    /**
     * The machine a run came from, whatever budget the run was given on it.
     *
     * @param hostname   the host's name
     * @param onlineCpus CPUs the machine has online ({@code /sys/devices/system/cpu/online}), null when unknown
     * @param memoryMb   physical memory ({@code MemTotal} of {@code /proc/meminfo}), null when unknown
     */
    @JsonPropertyOrder({HOSTNAME, ONLINE_CPUS, MEMORY_MB})
    public record Machine(@JsonProperty(HOSTNAME) String hostname, @JsonProperty(ONLINE_CPUS) Integer onlineCpus,
                          @JsonProperty(MEMORY_MB) Long memoryMb) {
    }

    /**
     * Noise evidence.
     *
     * @param loadAvgStart one-minute load average when the run began (null when unknown)
     * @param loadAvgEnd   one-minute load average when it ended
     * @param stealPercent CPU steal over the run, percent of all CPU time (null when unknown)
     * @param warning      why the figures may be disturbed, null when nothing was seen
     */
    @JsonPropertyOrder({LOAD_AVG_START, LOAD_AVG_END, STEAL_PERCENT, WARNING})
    public record Noise(@JsonProperty(LOAD_AVG_START) Double loadAvgStart, @JsonProperty(LOAD_AVG_END) Double loadAvgEnd,
                        @JsonProperty(STEAL_PERCENT) Double stealPercent, @JsonProperty(WARNING) String warning) {
    }

    /**
     * How a run was stopped early.
     *
     * @param signal         {@code SIGINT} or {@code SIGTERM}
     * @param during         what the run was doing, e.g. "group 2/4 (CpuUnitBench)"
     * @param groupsFinished planned groups whose results were written
     * @param groupsMissing  planned groups without results, in plan order
     */
    @JsonPropertyOrder({SIGNAL, DURING, GROUPS_FINISHED, GROUPS_MISSING})
    public record Interruption(@JsonProperty(SIGNAL) String signal, @JsonProperty(DURING) String during,
                               @JsonProperty(GROUPS_FINISHED) List<String> groupsFinished,
                               @JsonProperty(GROUPS_MISSING) List<String> groupsMissing) {
    }

    /**
     * The default scheduler of virtual threads in the benchmark forks, as the JDK derives it from the forks'
     * flags ({@code jdk.virtualThreadScheduler.*}, {@code -XX:ActiveProcessorCount}) and processors.
     *
     * @param parallelism carrier threads that run virtual threads at once; null when a flag is not a number
     * @param maxPoolSize most carrier threads, counting those added while others are pinned in blocking calls
     * @param minRunnable carriers kept runnable before the pool adds one for a blocked carrier
     * @param source      where the parallelism came from: the JDK's default or the flag that set it
     * @param note        what the numbers do not cover (benchmarks that set their own per fork)
     */
    @JsonPropertyOrder({PARALLELISM, MAX_POOL_SIZE, MIN_RUNNABLE, CORES_SOURCE, NOTE})
    public record VirtualThreadScheduler(@JsonProperty(PARALLELISM) Integer parallelism, @JsonProperty(MAX_POOL_SIZE) Integer maxPoolSize,
                                         @JsonProperty(MIN_RUNNABLE) Integer minRunnable, @JsonProperty(CORES_SOURCE) String source,
                                         @JsonProperty(NOTE) String note) {
    }

    /** This record with the end of the run filled in. */
    public RunMetadataFile finished(String end, Noise finalNoise) {
        return new RunMetadataFile(formatVersion, preset, startTime, end, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel,
                cpuBudget, sizes, finalNoise, interrupted, machine, virtualThreadScheduler);
    }

    /** This record marked as stopped early. */
    public RunMetadataFile interrupted(Interruption how) {
        return new RunMetadataFile(formatVersion, preset, startTime, endTime, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel,
                cpuBudget, sizes, noise, how, machine, virtualThreadScheduler);
    }

    /** This record with the pool sizes replaced. */
    public RunMetadataFile withSizes(Map<String, Integer> newSizes) {
        return new RunMetadataFile(formatVersion, preset, startTime, endTime, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel,
                cpuBudget, newSizes, noise, interrupted, machine, virtualThreadScheduler);
    }

    /**
     * Refuses a metadata file of a format newer than this version reads: its fields may mean what this
     * version cannot know.
     *
     * @throws BadInputException naming the file, both versions and the fix
     */
    public static void checkFormat(Path file, int formatVersion) throws BadInputException {
        if (formatVersion > FORMAT_VERSION) {
            throw new BadInputException(file, "formatVersion " + formatVersion + " is newer than this version of Crossover reads (up to "
                    + FORMAT_VERSION + "); read it with the Crossover that wrote it, or upgrade");
        }
    }

    /** This record with the forks' virtual-thread scheduler. */
    public RunMetadataFile withVirtualThreadScheduler(VirtualThreadScheduler scheduler) {
        return new RunMetadataFile(formatVersion, preset, startTime, endTime, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel,
                cpuBudget, sizes, noise, interrupted, machine, scheduler);
    }

    /** Writes {@code metadata.json}. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads a {@code metadata.json}.
     *
     * @throws BadInputException naming the file when it is missing, malformed or of another format
     */
    public static RunMetadataFile read(Path file) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "no such file; a run directory written by 'crossover run' has one");
        }
        RunMetadataFile m;
        try {
            m = JSON.readValue(file.toFile(), RunMetadataFile.class);
        } catch (IOException e) {
            throw new BadInputException(file, "not a run metadata file: " + e.getMessage());
        }
        checkFormat(file, m.formatVersion());
        if (m.formatVersion() < 1) {
            throw new BadInputException(file, "formatVersion " + m.formatVersion() + " is not a format of Crossover (1 to "
                    + FORMAT_VERSION + "); rerun with this version");
        }
        return m;
    }

    /** Replaces NaN (unknown) by null, which JSON can hold. */
    public static Double known(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
