package dev.crossover.cli;

import dev.crossover.run.JdkCheck;
import dev.crossover.run.MachineProbe;
import dev.crossover.run.Sizing;
import dev.crossover.run.SweepPlan;
import dev.crossover.workers.PoolSpec;
import picocli.CommandLine.Command;

import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crossover env}: the CPU budget this JVM sees, the pool sizes a run would use, and why. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Prints the CPU budget (available processors, cgroup quota, cpuset), the pool sizes a run would use and why.")
public final class EnvCommand implements Callable<Integer> {

    /** Symbols shown, with the wait/compute ratios at which the blocking formula is shown. */
    static final List<String> SYMBOLS = List.of("1", "cores/2", "cores", "2*cores", "4*cores");
    static final double[] WAIT_FRACTIONS = {0, 0.5, 0.9, 0.99};

    @Override
    public Integer call() {
        Sizing sizing = Sizing.detect();
        System.out.print(render(sizing));
        return ExitCodes.OK;
    }

    /** The text {@code env} prints. */
    static String render(Sizing sizing) {
        Sizing.Budget b = sizing.budget();
        JdkCheck.Jdk jdk = JdkCheck.current();
        StringBuilder s = new StringBuilder();
        s.append("JDK:        ").append(jdk.version()).append(" (").append(jdk.vendor()).append(") at ").append(jdk.home()).append('\n');
        s.append("OS:         ").append(MachineProbe.os()).append('\n');
        s.append("CPU model:  ").append(MachineProbe.cpuModel(Paths.get("/proc/cpuinfo"))).append('\n');
        s.append("CPU budget: ").append(b.cores()).append(" cores, from ").append(b.source()).append('\n');
        s.append("  available processors: ").append(b.availableProcessors()).append('\n');
        s.append("  cgroup quota:         ").append(b.cgroupQuotaCores() == null ? "none" : b.cgroupQuotaCores() + " cores").append('\n');
        s.append("  cpuset:               ").append(b.cpuset() == null ? "none" : b.cpuset()).append('\n');
        for (String why : b.explanation()) {
            s.append("  why: ").append(why).append('\n');
        }
        s.append("Pool sizes a run would pass to the benchmarks:\n");
        for (String sym : SYMBOLS) {
            s.append(String.format("  %-10s = %d%n", sym, sizing.resolve(sym, 0)));
        }
        for (double wf : WAIT_FRACTIONS) {
            double woc = SweepPlan.waitOverCompute(wf);
            s.append(String.format("  %-10s = %d   at wait fraction %.2f (wait/compute %.1f): cores x (1 + wait/compute)%n",
                    "formula", sizing.resolve("formula", woc), wf, woc));
        }
        s.append("Child worker JVM options: the benchmark fork's GC, heap and -XX flags")
                .append(PoolSpec.DEFAULT_JVM_OPTIONS.isEmpty() ? "" : ", then " + String.join(" ", PoolSpec.DEFAULT_JVM_OPTIONS))
                .append('\n');
        double load = MachineProbe.loadAverage(Paths.get("/proc/loadavg"));
        s.append("Load average now: ").append(Double.isNaN(load) ? "unknown" : String.format("%.2f", load));
        String warning = MachineProbe.noiseWarning(load, Double.NaN, b.cores());
        s.append(warning == null ? "" : "  (" + warning + ")").append('\n');
        return s.toString();
    }
}
