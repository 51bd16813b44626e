package dev.crossover.bench;

import dev.crossover.load.CpuWork;
import dev.crossover.sizing.CpuBudget;
import dev.crossover.sizing.PoolSizer;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.Workers;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What every benchmark of the catalog does the same way: size, start, check, stop. */
final class Bench {

    /** The CPU budget of this JVM, detected once per fork. */
    static final CpuBudget BUDGET = CpuBudget.detect();

    private Bench() {
    }

    /** A symbolic pool size ({@code cores}, {@code 2*cores}, a number, …) resolved against this JVM's budget. */
    static int size(String expr, double waitOverCompute) {
        return PoolSizer.resolve(expr, BUDGET, waitOverCompute);
    }

    /**
     * System property: tasks in flight per process worker for every pool a benchmark starts with
     * the default window ({@link PoolSpec#inFlight()} of {@link PoolSpec#of}), for a trial of a
     * deeper window without editing code: {@code --jmh "-jvmArgsAppend -Dcrossover.bench.inFlight=8"}.
     * JMH records it among the run's JVM arguments.
     */
    static final String IN_FLIGHT_PROPERTY = "crossover.bench.inFlight";

    /** Starts a pool (its cost is measured by {@code dev.crossover.profile.CostProfiler}, which sees every process). */
    static Workers start(PoolSpec spec) {
        String inFlight = System.getProperty(IN_FLIGHT_PROPERTY);
        if (inFlight != null && spec.inFlight() == PoolSpec.of(spec.executor(), 1).inFlight()) {
            try {
                spec = spec.withInFlight(Integer.parseInt(inFlight.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + IN_FLIGHT_PROPERTY + "=" + inFlight
                        + " is not a window of tasks in flight: give an integer >= 1, e.g. -D" + IN_FLIGHT_PROPERTY + "=8", e);
            }
        }
        return spec.start();
    }

    /**
     * Refuses to run {@code benchmark} with more than one JMH benchmark thread: its per-invocation
     * state is shared by design (one pool, one set of contenders, one child, one running batch), so
     * a second thread would race on it and report wrong numbers instead of failing.
     */
    static void requireOneThread(BenchmarkParams params, String benchmark) {
        if (params.getThreads() != 1) {
            throw new IllegalArgumentException(benchmark + " drives one shared pool, child or set of contenders from one caller; run it with"
                    + " one benchmark thread (JMH option -t 1, the default), not -t " + params.getThreads()
                    + " (more load comes from its own pool size or contenders params)");
        }
    }

    /** Stops a pool now (pending work fails) and waits for its workers; safe on null and twice. */
    static void stop(Workers w) {
        if (w == null) {
            return;
        }
        w.terminate();
        try {
            if (!w.join(Duration.ofSeconds(30))) {
                throw new IllegalStateException(w.executor() + " pool did not stop within 30 s of terminate(): "
                        + w.workerNames());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Arguments {@code [units, seed]} of {@code n} cpu tasks with distinct seeds. */
    static List<byte[]> cpuArgs(int n, long units, long seedBase) {
        List<byte[]> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(TaskArgs.longs(units, seedBase + i));
        }
        return args;
    }

    /** What the cpu kernel must return for each of {@link #cpuArgs}, computed here on the calling thread. */
    static long[] cpuExpected(int n, long units, long seedBase) {
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            e[i] = CpuWork.run(seedBase + i, units);
        }
        return e;
    }

    /** Waits for every future and checks each result against {@code expected}; returns their checksum. */
    static long joinAndCheck(CompletableFuture<byte[]>[] futures, long[] expected, String what) {
        long sum = 0;
        for (int i = 0; i < futures.length; i++) {
            long got = TaskArgs.longAt(futures[i].join(), 0);
            if (got != expected[i]) {
                throw wrong(what, i, expected[i], got);
            }
            sum += got;
        }
        return sum;
    }

    /** The error a benchmark throws when an executor returned a wrong result: a fast wrong number is worse than none. */
    static IllegalStateException wrong(String what, int task, long expected, long got) {
        return new IllegalStateException(what + ": task " + task + " returned " + got + ", expected " + expected
                + "; the executor is broken, this result must not be reported");
    }

    /**
     * Microseconds of CPU one {@link CpuWork} unit takes on this thread, measured over about 50 ms
     * of this thread's CPU time (not wall time: on a loaded machine a descheduled thread would make
     * units look slow and tasks too short).
     */
    static double unitMicros() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CpuWork.run(1, 20_000); // warm the loop before timing it
        long units = 0;
        long sink = 0;
        long c0 = mx.getCurrentThreadCpuTime();
        long used;
        do {
            sink += CpuWork.run(units, 1_000);
            units += 1_000;
            used = mx.getCurrentThreadCpuTime() - c0;
        } while (used < TimeUnit.MILLISECONDS.toNanos(50));
        if (sink == 42) {
            System.out.print(""); // keeps the loop's results alive
        }
        return used / 1_000.0 / units;
    }
}
