package dev.crossover.fleet;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;
import dev.crossover.results.RunMetadataFile.Key;

import java.nio.file.Path;

/**
 * One run of a fleet, analysed as {@code crossover report} analyses it (the same {@link Analysis} and
 * {@link DecisionMap}).
 *
 * @param label    how the fleet report names it: host, core budget, and the run's directory where two
 *                 would otherwise read alike
 * @param given    the run directory or archive the user named
 * @param data     what was read
 * @param analysis crossovers and verdicts of the run
 * @param map      its decision map
 */
public record FleetRun(String label, Path given, RunData data, Analysis analysis, DecisionMap map) {

    /** The run's metadata. */
    public RunMetadata metadata() {
        return data.metadata();
    }

    /** The CPU budget the run was sized for; 0 when unknown. */
    public int cores() {
        Integer c = metadata().cores();
        return c == null ? 0 : c;
    }

    /** The host's name, else the CPU model, else "unknown host". */
    public String host() {
        String h = metadata().field(Key.path(Key.MACHINE, Key.HOSTNAME));
        return h != null ? h : metadata().cpuModel() != null ? metadata().cpuModel() : "unknown host";
    }

    /** {@code --cpus N} of the run, or null when it ran on the whole machine (or the metadata predates it). */
    public Integer requestedCpus() {
        String c = metadata().field(Key.path(Key.CPU_BUDGET, Key.REQUESTED_CPUS));
        return c == null ? null : Integer.valueOf(c);
    }

    /** The CPUs the run was bound to, e.g. {@code 0-1}, or null. */
    public String affinity() {
        return metadata().field(Key.path(Key.CPU_BUDGET, Key.AFFINITY));
    }

    /** CPUs online on the host, or null. */
    public Integer onlineCpus() {
        String c = metadata().field(Key.path(Key.MACHINE, Key.ONLINE_CPUS));
        return c == null ? null : Integer.valueOf(c);
    }

    /** The run directory's own name (or the archive's), for telling two runs of one host apart. */
    public String runName() {
        Path n = given.toAbsolutePath().normalize().getFileName();
        return n == null ? given.toString() : n.toString();
    }
}
