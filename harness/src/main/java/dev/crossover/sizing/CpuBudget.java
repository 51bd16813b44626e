package dev.crossover.sizing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What this JVM may really use of the CPU: every limit the JVM honours, each reported, with the
 * one in force and why.
 *
 * <p>Limits, as the JDK's container support reads them: {@code Runtime.availableProcessors()}; the
 * cgroup quota (v2 {@code cpu.max}, v1 {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us}), rounded
 * <em>up</em> to whole cores as the JDK does (quota 1.5 cores gives 2); the cpuset ({@code
 * cpuset.cpus.effective}, else {@code cpuset.cpus}; v1 {@code cpuset.effective_cpus}, else {@code
 * cpuset.cpus}); and {@code -XX:ActiveProcessorCount}, which overrides all of them. Without the
 * flag, {@code cores} is the smallest of the limits found.
 *
 * @param cores                 the cores pools are sized from (at least 1)
 * @param source                which limit gave {@code cores}: {@code ActiveProcessorCount},
 *                              {@code cgroup quota}, {@code cpuset} or {@code availableProcessors}
 * @param availableProcessors   what {@code Runtime.availableProcessors()} said
 * @param cgroupQuotaCores      quota ÷ period in cores, unrounded; NaN when there is no quota
 * @param cpuset                the cpuset list as written (e.g. {@code 0-3,8}); null when none was found
 * @param activeProcessorCount  the value of {@code -XX:ActiveProcessorCount}; null when not given
 * @param explanation           one line per limit: what was read, from where, and whether it was in force
 */
public record CpuBudget(int cores, String source, int availableProcessors, double cgroupQuotaCores,
                        String cpuset, Integer activeProcessorCount, List<String> explanation) {

    /** Where cgroup file systems are mounted on Linux. */
    public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    public CpuBudget {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        explanation = List.copyOf(explanation);
    }

    /** The budget of this JVM, from the real cgroup files and this JVM's input arguments. */
    public static CpuBudget detect() {
        CpuBudget b = detect(ownCgroupV2Dir(DEFAULT_CGROUP_ROOT), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        return CpuAffinity.available() ? b.withAffinity(CpuAffinity.current(), onlineCpus()) : b;
    }

    /**
     * This budget with the CPU affinity of the calling thread stated ({@code taskset}, {@code crossover run
     * --cpus N}): {@code availableProcessors} already counts it, so where the affinity is what limits the
     * cores below the CPUs online, it is named as the source.
     */
    CpuBudget withAffinity(BitSet affinity, int online) {
        int n = affinity.cardinality();
        List<String> why = new ArrayList<>(explanation.subList(0, explanation.size() - 1));
        why.add("CPU affinity: CPUs " + CpuAffinity.list(affinity) + " = " + n + " of " + (online > 0 ? online : "?")
                + " online (sched_getaffinity; set by taskset or crossover run --cpus)");
        boolean limits = n == cores && online > n && "availableProcessors".equals(source);
        String src = limits ? "CPU affinity" : source;
        why.add("in force: " + cores + " cores from " + src + " (the smallest limit; the JVM flag would override all)");
        return new CpuBudget(cores, src, availableProcessors, cgroupQuotaCores, cpuset, activeProcessorCount, why);
    }

    /** CPUs online on this machine ({@code /sys/devices/system/cpu/online}), 0 when unknown. */
    public static int onlineCpus() {
        String s = read(Path.of("/sys/devices/system/cpu/online"));
        try {
            return s == null ? 0 : countCpus(s);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /**
     * On a pure cgroup v2 host the limits sit in this process's own cgroup directory (from {@code
     * /proc/self/cgroup}, line {@code 0::/path}); inside a container that path is {@code /}, the root.
     */
    private static Path ownCgroupV2Dir(Path root) {
        String self = read(Path.of("/proc/self/cgroup"));
        if (self != null) {
            for (String line : self.split("\n")) {
                if (line.startsWith("0::/") && line.length() > 4) {
                    Path own = root.resolve(line.substring(4).trim());
                    if (Files.isRegularFile(own.resolve("cpu.max"))) {
                        return own;
                    }
                }
            }
        }
        return root;
    }

    /**
     * The budget from a cgroup tree at {@code cgroupRoot} (v2 files at the root, v1 files under
     * {@code cpu/}, {@code cpu,cpuacct/}, {@code cpuset/}), as a container sees it. Missing or
     * unreadable files mean "no such limit", never an error.
     */
    public static CpuBudget detect(Path cgroupRoot, int availableProcessors, List<String> jvmArgs) {
        List<String> why = new ArrayList<>();
        int avail = Math.max(1, availableProcessors);
        why.add("availableProcessors: " + avail + " (Runtime.availableProcessors(); already includes the JDK's own container limits)");

        double quota = Double.NaN;
        String quotaFrom = null;
        Path v2 = cgroupRoot.resolve("cpu.max");
        String cpuMax = read(v2);
        if (cpuMax != null) {
            String[] parts = cpuMax.trim().split("\\s+");
            if (parts.length >= 1 && !parts[0].equals("max")) {
                double q = parseDouble(parts[0]);
                double period = parts.length > 1 ? parseDouble(parts[1]) : 100_000;
                if (q > 0 && period > 0) {
                    quota = q / period;
                    quotaFrom = v2 + " = '" + cpuMax.trim() + "'";
                }
            } else {
                why.add("cgroup v2 quota: none (" + v2 + " = '" + cpuMax.trim() + "')");
            }
        }
        if (quotaFrom == null && Double.isNaN(quota)) {
            for (String dir : List.of("cpu", "cpu,cpuacct", "cpuacct,cpu")) {
                Path q = cgroupRoot.resolve(dir).resolve("cpu.cfs_quota_us");
                Path p = cgroupRoot.resolve(dir).resolve("cpu.cfs_period_us");
                String qs = read(q);
                String ps = read(p);
                if (qs == null || ps == null) {
                    continue;
                }
                double qv = parseDouble(qs.trim());
                double pv = parseDouble(ps.trim());
                if (qv > 0 && pv > 0) {
                    quota = qv / pv;
                    quotaFrom = q + " = " + qs.trim() + " / " + p.getFileName() + " = " + ps.trim();
                } else {
                    why.add("cgroup v1 quota: none (" + q + " = " + qs.trim() + ")");
                }
                break;
            }
        }
        // The JDK rounds a fractional quota up: 1.5 cores of quota can keep 2 threads busy part of the time.
        int quotaCores = Double.isNaN(quota) ? Integer.MAX_VALUE : Math.max(1, (int) Math.ceil(quota - 1e-9));
        if (quotaFrom != null) {
            why.add("cgroup quota: " + fmt(quota) + " cores → " + quotaCores + " (rounded up, as the JDK does) from " + quotaFrom);
        } else if (why.stream().noneMatch(s -> s.startsWith("cgroup"))) {
            why.add("cgroup quota: none (no cpu.max or cpu.cfs_quota_us under " + cgroupRoot + ")");
        }

        String cpuset = null;
        String cpusetFrom = null;
        for (Path f : List.of(cgroupRoot.resolve("cpuset.cpus.effective"), cgroupRoot.resolve("cpuset.cpus"),
                cgroupRoot.resolve("cpuset").resolve("cpuset.effective_cpus"),
                cgroupRoot.resolve("cpuset").resolve("cpuset.cpus"))) {
            String s = read(f);
            if (s != null && !s.isBlank()) {
                cpuset = s.trim();
                cpusetFrom = f.toString();
                break;
            }
        }
        int cpusetCores = Integer.MAX_VALUE;
        if (cpuset != null) {
            try {
                cpusetCores = Math.max(1, countCpus(cpuset));
                why.add("cpuset: '" + cpuset + "' = " + cpusetCores + " cpus, from " + cpusetFrom);
            } catch (IllegalArgumentException e) {
                why.add("cpuset: ignored, " + e.getMessage() + " in " + cpusetFrom);
                cpuset = null;
            }
        } else {
            why.add("cpuset: none (no cpuset.cpus.effective or cpuset.cpus under " + cgroupRoot + ")");
        }

        Integer active = null;
        for (String arg : jvmArgs) {
            if (arg.startsWith("-XX:ActiveProcessorCount=")) {
                try {
                    active = Integer.parseInt(arg.substring(arg.indexOf('=') + 1).trim());
                } catch (NumberFormatException e) {
                    why.add("-XX:ActiveProcessorCount: ignored, not a number: " + arg);
                }
            }
        }
        if (active != null && active < 1) {
            active = null; // the JDK treats values below 1 as "not set"
        }

        int cores;
        String source;
        if (active != null) {
            cores = active;
            source = "ActiveProcessorCount";
            why.add("-XX:ActiveProcessorCount=" + active + ": in force (the JVM flag overrides every other limit)");
        } else {
            cores = avail;
            source = "availableProcessors";
            if (quotaCores < cores) {
                cores = quotaCores;
                source = "cgroup quota";
            }
            if (cpusetCores < cores) {
                cores = cpusetCores;
                source = "cpuset";
            }
            why.add("-XX:ActiveProcessorCount: not given");
        }
        why.add("in force: " + cores + " cores from " + source + " (the smallest limit; the JVM flag would override all)");
        return new CpuBudget(cores, source, avail, quota, cpuset, active, why);
    }

    /** Number of cpus in a Linux cpu list such as {@code 0-3,8}. */
    static int countCpus(String list) {
        return cpuSet(list).cardinality();
    }

    /**
     * The CPUs of a list in Linux's form ({@code 0-3,8}, as in {@code cpuset.cpus} or {@code Cpus_allowed_list}).
     *
     * @throws IllegalArgumentException naming the list when it is not of that form
     */
    public static BitSet cpuSet(String list) {
        BitSet set = new BitSet();
        for (String part : list.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-');
                if (dash < 0) {
                    set.set(Integer.parseInt(p));
                } else {
                    int lo = Integer.parseInt(p.substring(0, dash));
                    int hi = Integer.parseInt(p.substring(dash + 1));
                    if (hi < lo) {
                        throw new IllegalArgumentException("range '" + p + "' runs backwards");
                    }
                    set.set(lo, hi + 1);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cpu list '" + list + "' is not of the form 0-3,8");
            }
        }
        return set;
    }

    private static String read(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
