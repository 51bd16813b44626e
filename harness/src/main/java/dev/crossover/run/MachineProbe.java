package dev.crossover.run;

import dev.crossover.results.RunMetadataFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the run metadata says about the machine: CPU model, load average, CPU steal, commit. */
public final class MachineProbe {

    private MachineProbe() {
    }

    /** {@code model name} of {@code /proc/cpuinfo}, or {@code os.arch} where there is none. */
    public static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }

    /** The host's name, CPUs online and memory, for {@code metadata.json}'s {@code machine}. */
    public static dev.crossover.results.RunMetadataFile.Machine machine() {
        String host = null;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException ignored) {
                // stays unknown
            }
        }
        Long memMb = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memMb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // stays unknown
        }
        int online = dev.crossover.sizing.CpuBudget.onlineCpus();
        return new dev.crossover.results.RunMetadataFile.Machine(host, online > 0 ? online : null, memMb);
    }

    /** One-minute load average, or NaN where {@code /proc/loadavg} is missing. */
    public static double loadAverage(Path loadavg) {
        try {
            return Double.parseDouble(Files.readString(loadavg).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Aggregate CPU ticks of {@code /proc/stat}: total and steal; null where missing. */
    public record CpuTicks(long total, long steal) {

        /** Steal as a percentage of all ticks between {@code start} and this, NaN without evidence. */
        public double stealPercentSince(CpuTicks start) {
            if (start == null) {
                return Double.NaN;
            }
            long dt = total - start.total;
            return dt <= 0 ? Double.NaN : 100.0 * (steal - start.steal) / dt;
        }
    }

    /** Reads the first {@code cpu} line of {@code /proc/stat}. */
    public static CpuTicks cpuTicks(Path stat) {
        try {
            for (String line : Files.readAllLines(stat)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long total = 0;
                    // user nice system idle iowait irq softirq steal (guest times are already in user/nice)
                    for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                        total += Long.parseLong(f[i]);
                    }
                    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                    return new CpuTicks(total, steal);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no evidence
        }
        return null;
    }

    /**
     * A warning when the measurements are likely disturbed, null when not: load already above half the
     * cores at the start (someone else is busy), or CPU steal of 2% or more (a hypervisor takes time).
     */
    public static String noiseWarning(double loadAvgStart, double stealPercent, int cores) {
        StringBuilder w = new StringBuilder();
        if (!Double.isNaN(loadAvgStart) && loadAvgStart > 0.5 * cores) {
            w.append(String.format("load average %.2f at the start on %d cores: other work was running", loadAvgStart, cores));
        }
        if (!Double.isNaN(stealPercent) && stealPercent >= 2.0) {
            if (!w.isEmpty()) {
                w.append("; ");
            }
            w.append(String.format("CPU steal %.1f%% during the run: the hypervisor took time from this VM", stealPercent));
        }
        return w.isEmpty() ? null : w + "; treat small differences with care, rerun on a quiet machine to confirm";
    }

    /**
     * The commit the running jar was built from ({@code -dirty} appended when its work tree had changes), read from
     * the properties the build writes beside this class; without them (classes run from an IDE), {@code git rev-parse
     * HEAD} in {@code dir}; null when neither is known.
     */
    public static String commit(Path dir) {
        String built = buildCommit(MachineProbe.class.getResourceAsStream(BUILD_COMMIT_RESOURCE));
        return built != null ? built : workTreeCommit(dir);
    }

    /** Written by the build (git-commit-id-maven-plugin) next to this class. */
    static final String BUILD_COMMIT_RESOURCE = "build-commit.properties";

    /** {@code git.commit.id.full}, with {@code -dirty} when {@code git.dirty} is true; null when absent or malformed. */
    static String buildCommit(java.io.InputStream in) {
        if (in == null) {
            return null;
        }
        java.util.Properties p = new java.util.Properties();
        try (in) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String id = p.getProperty("git.commit.id.full", "").trim();
        if (!id.matches("[0-9a-f]{40}")) {
            return null;
        }
        return Boolean.parseBoolean(p.getProperty("git.dirty", "false").trim()) ? id + "-dirty" : id;
    }

    /** {@code git rev-parse HEAD} in {@code dir}, or null when git or the repository is not there. */
    static String workTreeCommit(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code Linux 6.1.0 (amd64)}. */
    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    }

    /** The system property that sets the virtual-thread scheduler's parallelism. */
    public static final String VT_PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    /** The system property that caps the virtual-thread scheduler's carrier threads. */
    public static final String VT_MAX_POOL_SIZE = "jdk.virtualThreadScheduler.maxPoolSize";
    /** The system property that sets how many carriers the scheduler keeps runnable. */
    public static final String VT_MIN_RUNNABLE = "jdk.virtualThreadScheduler.minRunnable";

    /**
     * The default virtual-thread scheduler of a JVM started with {@code jvmArgs} on a machine where a JVM
     * sees {@code availableProcessors}, derived as JDK 25 does ({@code VirtualThread.createDefaultScheduler}):
     * parallelism from its property, else the JVM's available processors ({@code -XX:ActiveProcessorCount}
     * where given); maxPoolSize from its property (then capping parallelism), else {@code max(parallelism, 256)};
     * minRunnable from its property, else {@code max(parallelism / 2, 1)}. The last of repeated flags wins,
     * as on the JVM's command line. A property that is not a number leaves the figures null and says so.
     */
    public static RunMetadataFile.VirtualThreadScheduler virtualThreadScheduler(List<String> jvmArgs, int availableProcessors) {
        String parallelismFlag = lastFlag(jvmArgs, "-D" + VT_PARALLELISM + "=");
        String maxFlag = lastFlag(jvmArgs, "-D" + VT_MAX_POOL_SIZE + "=");
        String minFlag = lastFlag(jvmArgs, "-D" + VT_MIN_RUNNABLE + "=");
        String activeFlag = lastFlag(jvmArgs, "-XX:ActiveProcessorCount=");
        String note = "the default of the benchmark forks; a benchmark that sets its own (SchedulerParallelismBench's "
                + "*ParallelismOne methods) reports the parallelism its fork really had as its 'parallelism' result";
        try {
            int processors = activeFlag != null && Integer.parseInt(activeFlag) > 0 ? Integer.parseInt(activeFlag) : availableProcessors;
            int parallelism = parallelismFlag != null ? Integer.parseInt(parallelismFlag) : processors;
            String source = parallelismFlag != null ? "-D" + VT_PARALLELISM + "=" + parallelismFlag
                    : activeFlag != null ? "default: the JVM's processors, -XX:ActiveProcessorCount=" + activeFlag
                    : "default: the JVM's available processors (" + availableProcessors + ")";
            int maxPoolSize;
            if (maxFlag != null) {
                maxPoolSize = Integer.parseInt(maxFlag);
                if (maxPoolSize < parallelism) {
                    source += ", capped by -D" + VT_MAX_POOL_SIZE + "=" + maxFlag;
                    parallelism = maxPoolSize;
                }
            } else {
                maxPoolSize = Math.max(parallelism, 256);
            }
            int minRunnable = minFlag != null ? Integer.parseInt(minFlag) : Math.max(parallelism / 2, 1);
            return new RunMetadataFile.VirtualThreadScheduler(parallelism, maxPoolSize, minRunnable, source, note);
        } catch (NumberFormatException e) {
            return new RunMetadataFile.VirtualThreadScheduler(null, null, null, "a flag is not a number (" + e.getMessage()
                    + "): the forks' first virtual thread will fail; give jdk.virtualThreadScheduler.* and "
                    + "-XX:ActiveProcessorCount whole numbers", note);
        }
    }

    /** The value of the last argument starting with {@code prefix}, or null. */
    private static String lastFlag(List<String> args, String prefix) {
        String v = null;
        for (String a : args) {
            if (a.startsWith(prefix)) {
                v = a.substring(prefix.length()).trim();
            }
        }
        return v;
    }

    /** The JVM's own input arguments (what JMH forks inherit unless told otherwise). */
    public static List<String> inputArguments() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    }
}
