package dev.crossover.profile;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What each operation cost the whole process tree: a JMH profiler, on by default in the suite and
 * usable from plain JMH as {@code -prof dev.crossover.profile.CostProfiler}.
 *
 * <p>JMH's own profilers see the benchmark JVM only; a process pool does its work in child JVMs,
 * and a thread pool's CPU is the benchmark JVM's own. This one reads the benchmark JVM and every
 * descendant ({@link ProcessTree}) before and after each iteration and adds three secondary results
 * to it, averaged over iterations like a primary score:
 * <ul>
 * <li>{@value #CPU} ({@code us/op}): user plus system CPU time of the tree during the iteration,
 *     divided by the operations JMH counted in it. Children that ended during the iteration count
 *     (through the JVM's reaped-children time). The window is JMH's iteration, so it includes the
 *     benchmark's {@code Level.Iteration} setup and teardown.</li>
 * <li>{@value #MEMORY} ({@code MB}, 10<sup>6</sup> bytes): proportional set size of the tree at the
 *     end of the iteration (resident set size for any process whose PSS is unreadable).</li>
 * <li>{@value #SWITCHES} ({@code #/op}): voluntary plus involuntary context switches of the tree
 *     during the iteration per operation.</li>
 * </ul>
 * On a system without {@code /proc} it adds nothing.
 */
public final class CostProfiler implements InternalProfiler {

    /** Secondary result: CPU time of the process tree per operation, µs. */
    public static final String CPU = "treeCpuUsPerOp";
    /** Secondary result: memory (PSS, else RSS) of the process tree, MB. */
    public static final String MEMORY = "treePssMb";
    /** Secondary result: context switches of the process tree per operation. */
    public static final String SWITCHES = "ctxSwitchesPerOp";

    private ProcessTree before;

    @Override
    public String getDescription() {
        return "CPU time, memory (PSS) and context switches of the benchmark JVM and all its descendant processes";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = ProcessTree.sample();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        ProcessTree after = ProcessTree.sample();
        ProcessTree start = before;
        before = null;
        if (after == null || start == null) {
            return List.of();
        }
        return results(start, after, result.getMetadata() == null ? 0 : result.getMetadata().getAllOps());
    }

    /** The secondary results of one iteration between two readings over {@code ops} operations. */
    static List<ScalarResult> results(ProcessTree start, ProcessTree end, long ops) {
        List<ScalarResult> out = new ArrayList<>(3);
        if (ops > 0) {
            out.add(new ScalarResult(CPU, Math.max(0, end.cpuNanos() - start.cpuNanos()) / 1_000.0 / ops, "us/op", AggregationPolicy.AVG));
            out.add(new ScalarResult(SWITCHES, Math.max(0, end.contextSwitches() - start.contextSwitches()) / (double) ops, "#/op", AggregationPolicy.AVG));
        }
        out.add(new ScalarResult(MEMORY, end.memoryKb() * 1024 / 1e6, "MB", AggregationPolicy.AVG));
        return out;
    }
}
