package dev.crossover.profile;

import java.util.List;

/**
 * One reading of the cost of this JVM and every process below it (children, their children, …),
 * from {@link ResourceUsage} for this JVM and {@link ProcFs} for the descendants.
 *
 * <p>CPU time: this JVM's threads (live and ended), its reaped children, and each live descendant's
 * own and reaped children's time. A child that ends between two readings moves from the last term
 * to the second, so the difference of two readings is the CPU the tree used in between, whoever
 * ended. Context switches: the same, except that the switches of threads that ended inside a live
 * descendant are lost (the kernel keeps no per-process total in {@code /proc}). Memory: the sum of
 * each process's PSS (RSS where PSS is unreadable) at the moment of the reading.
 *
 * @param cpuNanos        CPU time of the tree so far
 * @param contextSwitches voluntary plus involuntary context switches of the tree so far
 * @param memoryKb        PSS (or RSS) of the live processes of the tree now
 * @param processes       live processes counted, this JVM included
 * @param pss             true when every memory figure was PSS
 */
public record ProcessTree(long cpuNanos, long contextSwitches, long memoryKb, int processes, boolean pss) {

    /** Reads this JVM's tree now; null where {@code /proc} is missing. */
    public static ProcessTree sample() {
        if (!ProcFs.AVAILABLE) {
            return null;
        }
        long self = ProcessHandle.current().pid();
        ResourceUsage own = ResourceUsage.self();
        ResourceUsage reaped = ResourceUsage.reapedChildren();
        long cpu = own != null && reaped != null ? own.cpuNanos() + reaped.cpuNanos() : Math.max(0, ProcFs.cpuNanos(self));
        long switches = own != null && reaped != null ? own.contextSwitches() + reaped.contextSwitches() : Math.max(0, ProcFs.contextSwitches(self));
        long[] memory = {0};
        boolean pss = addMemory(self, memory);
        int processes = 1;
        List<ProcessHandle> below = ProcessHandle.current().descendants().toList();
        for (ProcessHandle h : below) {
            long c = ProcFs.cpuNanos(h.pid());
            if (c < 0) {
                continue; // ended between listing and reading: its CPU is in its parent's reaped figures
            }
            cpu += c;
            switches += Math.max(0, ProcFs.contextSwitches(h.pid()));
            pss &= addMemory(h.pid(), memory);
            processes++;
        }
        return new ProcessTree(cpu, switches, memory[0], processes, pss);
    }

    /** Adds a process's PSS, or its RSS where PSS is unreadable, to {@code sum[0]}; true when it was PSS. */
    private static boolean addMemory(long pid, long[] sum) {
        long pss = ProcFs.pssKb(pid);
        if (pss >= 0) {
            sum[0] += pss;
            return true;
        }
        sum[0] += Math.max(0, ProcFs.rssKb(pid));
        return false;
    }
}
