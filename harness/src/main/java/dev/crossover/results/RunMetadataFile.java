package dev.crossover.results;

import com.fasterxml.jackson.annotation.JsonInclude;
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

/**
 * {@code metadata.json} of a run directory as {@code crossover run} writes it (format {@value #FORMAT_VERSION},
 * keys as in CONTRACT.md): what ran, where and when, so that a report states its machine and a comparison
 * can refuse runs that are not comparable. Readers of other tools' runs may be more lenient; this one is strict.
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
 */
@JsonPropertyOrder({"formatVersion", "preset", "startTime", "endTime", "commit", "jdk", "jvmArgs", "childJvmArgs",
        "os", "cpuModel", "cpuBudget", "sizes", "noise"})
public record RunMetadataFile(int formatVersion, String preset, String startTime, String endTime, String commit, Jdk jdk,
                          List<String> jvmArgs, List<String> childJvmArgs, String os, String cpuModel,
                          CpuBudget cpuBudget, Map<String, Integer> sizes, Noise noise) {

    /** The format this record writes. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunMetadataFile {
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        childJvmArgs = childJvmArgs == null ? List.of() : List.copyOf(childJvmArgs);
        sizes = sizes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    }

    /** The JDK of the forks. */
    public record Jdk(String version, String vendor, String home) {
    }

    /**
     * The CPU budget.
     *
     * @param cgroupQuota quota in cores, null when there is none
     * @param cpuset      the cpuset, null when there is none
     */
    @JsonPropertyOrder({"cores", "source", "availableProcessors", "cgroupQuota", "cpuset"})
    public record CpuBudget(int cores, String source, int availableProcessors,
                            @JsonInclude(JsonInclude.Include.ALWAYS) Double cgroupQuota,
                            @JsonInclude(JsonInclude.Include.ALWAYS) String cpuset) {
    }

    /**
     * Noise evidence.
     *
     * @param loadAvgStart one-minute load average when the run began (null when unknown)
     * @param loadAvgEnd   one-minute load average when it ended
     * @param stealPercent CPU steal over the run, percent of all CPU time (null when unknown)
     * @param warning      why the figures may be disturbed, null when nothing was seen
     */
    public record Noise(Double loadAvgStart, Double loadAvgEnd, Double stealPercent, String warning) {
    }

    /** This record with the end of the run filled in. */
    public RunMetadataFile finished(String end, Noise finalNoise) {
        return new RunMetadataFile(formatVersion, preset, startTime, end, commit, jdk, jvmArgs, childJvmArgs, os, cpuModel,
                cpuBudget, sizes, finalNoise);
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
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new BadInputException(file, "formatVersion " + m.formatVersion() + ", this version reads "
                    + FORMAT_VERSION + "; rerun with this version");
        }
        return m;
    }

    /** Replaces NaN (unknown) by null, which JSON can hold. */
    public static Double known(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
