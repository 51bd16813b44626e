package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.RemoteTaskException;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.WorkerDiedException;
import dev.crossover.workers.Workers;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * When a task fails or a worker dies, what survives, what is lost, and how long until the pool
 * serves again?
 *
 * <p>Serves C5 (a crashing process does not harm the others; a thread that dies takes the process
 * with it). {@link #taskException}: a batch in which one task throws, per executor; the exception
 * must reach its caller and every other task must complete. {@link #workerKilled}: a child JVM
 * killed (SIGKILL) in the middle of a job; score is the recovery time (kill until every surviving
 * task is done and a replacement worker has answered). {@link #threadPoolHalt} and {@link
 * #threadPoolOom}: {@code Runtime.halt} and {@code OutOfMemoryError} inside a thread pool, shown in
 * a throw-away child JVM ({@link ThreadPoolFaultChild}) so this JVM lives. Counts of tasks lost and
 * completed are the secondary metrics {@code tasksLost}, {@code tasksCompleted}.
 *
 * <p>Expected: an exception loses nothing on any executor; a killed worker loses only the tasks it
 * held (up to its in-flight count), recovery is about one child JVM start; {@code halt} in a thread
 * pool loses every task not yet done (the JVM is gone); an {@code OutOfMemoryError} kills only the
 * allocating task here, the others complete, but the JVM's state is no longer trustworthy.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar FaultBench -f 1}
 */
@Serves({"C5"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class FaultBench {

    /** Tasks per job; the faulty one sits in the middle. */
    static final int TASKS = 32;
    static final int FAULTY = TASKS / 2;

    /** What the fault left behind, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        /** Tasks that should have completed and did not. */
        public double tasksLost;
        /** Tasks that completed with the right result. */
        public double tasksCompleted;

        @Setup(Level.Iteration)
        public void reset() {
            tasksLost = 0;
            tasksCompleted = 0;
        }
    }

    /** A pool whose tasks throw now and then. */
    @State(Scope.Benchmark)
    public static class Throwing {
        @Param({"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
        public Executor executor;
        Workers pool;
        List<byte[]> args;
        long[] expected;

        @Setup(Level.Trial)
        public void setup() {
            args = Bench.cpuArgs(TASKS, 200, 0xFA);
            expected = Bench.cpuExpected(TASKS, 200, 0xFA);
            pool = Bench.start(PoolSpec.of(executor, Bench.BUDGET.cores()));
        }

        @TearDown(Level.Trial)
        public void stop() {
            Bench.stop(pool);
            pool = null;
        }
    }

    /** A process pool in the middle of a job, about to lose a worker. */
    @State(Scope.Benchmark)
    public static class Killing {
        @Param({"PROCESS_PIPE", "PROCESS_SHM"})
        public Executor executor;
        Workers pool;
        List<byte[]> args;
        long[] expected;
        List<CompletableFuture<byte[]>> running;
        long victim;

        @Setup(Level.Trial)
        public void setup() {
            // 20,000 units: tens of ms per task, so the kill lands while tasks are in flight
            args = Bench.cpuArgs(TASKS, 20_000, 0xDEAD);
            expected = Bench.cpuExpected(TASKS, 20_000, 0xDEAD);
            pool = Bench.start(PoolSpec.of(executor, Bench.BUDGET.cores()));
        }

        /** Starts the job and waits for its first result, so the victim holds tasks when it is killed. */
        @Setup(Level.Invocation)
        public void startJob() {
            running = new ArrayList<>(TASKS);
            for (byte[] a : args) {
                running.add(pool.submit("cpu", a));
            }
            CompletableFuture.anyOf(running.toArray(CompletableFuture[]::new)).join();
            List<Long> pids = pool.workerPids();
            if (pids.isEmpty()) {
                throw new IllegalStateException(executor + " pool reports no worker pids; cannot kill one");
            }
            victim = pids.getFirst();
        }

        @TearDown(Level.Trial)
        public void stop() {
            Bench.stop(pool);
            pool = null;
        }
    }

    /** A batch with one throwing task: time until every other result is in and checked. */
    @Benchmark
    public long taskException(Throwing s, Outcome out) {
        List<CompletableFuture<byte[]>> f = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            f.add(i == FAULTY ? s.pool.submit("fail", "planned failure".getBytes(StandardCharsets.UTF_8))
                    : s.pool.submit("cpu", s.args.get(i)));
        }
        long sum = 0;
        for (int i = 0; i < TASKS; i++) {
            try {
                byte[] r = f.get(i).join();
                if (i == FAULTY) {
                    throw new IllegalStateException(s.executor + ": the fail kernel returned instead of throwing");
                }
                long got = TaskArgs.longAt(r, 0);
                if (got != s.expected[i]) {
                    throw Bench.wrong("FaultBench.taskException " + s.executor, i, s.expected[i], got);
                }
                sum += got;
                out.tasksCompleted++;
            } catch (CompletionException e) {
                if (i == FAULTY && e.getCause() instanceof RemoteTaskException) {
                    continue; // the planned failure, reported as it should be
                }
                if (i == FAULTY) {
                    throw new IllegalStateException(s.executor + ": a task's exception reached the caller as "
                            + e.getCause() + ", expected RemoteTaskException", e);
                }
                out.tasksLost++;
            }
        }
        return sum;
    }

    /** Kill a worker mid-job: time until the survivors are done and the replacement answers. */
    @Benchmark
    public long workerKilled(Killing s, Outcome out) throws InterruptedException {
        ProcessHandle.of(s.victim).ifPresent(ProcessHandle::destroyForcibly);
        long sum = 0;
        for (int i = 0; i < TASKS; i++) {
            try {
                long got = TaskArgs.longAt(s.running.get(i).join(), 0);
                if (got != s.expected[i]) {
                    throw Bench.wrong("FaultBench.workerKilled", i, s.expected[i], got);
                }
                sum += got;
                out.tasksCompleted++;
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof WorkerDiedException)) {
                    throw new IllegalStateException("a task of the killed worker failed with " + e.getCause()
                            + ", expected WorkerDiedException", e);
                }
                out.tasksLost++;
            }
        }
        // Recovered: as many workers as before, none of them the victim, and one answers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<Long> pids = s.pool.workerPids();
            if (pids.size() == s.pool.size() && !pids.contains(s.victim)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pool did not replace killed worker " + s.victim + " within 60 s: " + pids);
            }
            Thread.sleep(1);
        }
        List<CompletableFuture<byte[]>> probes = new ArrayList<>();
        for (int i = 0; i < s.pool.size(); i++) {
            probes.add(s.pool.submit("cpu", TaskArgs.longs(1, i)));
        }
        for (int i = 0; i < probes.size(); i++) {
            long got = TaskArgs.longAt(probes.get(i).join(), 0);
            if (got != CpuWork.run(i, 1)) {
                throw Bench.wrong("FaultBench.workerKilled probe", i, CpuWork.run(i, 1), got);
            }
        }
        return sum;
    }

    /** {@code Runtime.halt} in one task of a thread pool, in a throw-away JVM: what is left. */
    @Benchmark
    public int threadPoolHalt(Outcome out) throws IOException, InterruptedException {
        return runChild("halt", out);
    }

    /** {@code OutOfMemoryError} in one task of a thread pool, in a throw-away JVM: what is left. */
    @Benchmark
    public int threadPoolOom(Outcome out) throws IOException, InterruptedException {
        return runChild("oom", out);
    }

    private static int runChild(String fault, Outcome out) throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ThreadPoolFaultChild.class.getName(), fault, Integer.toString(TASKS), Integer.toString(FAULTY));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<Integer> done = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(ThreadPoolFaultChild.DONE)) {
                    // "done <index> <result>": the result is checked against the same work done here
                    String[] f = line.substring(ThreadPoolFaultChild.DONE.length()).trim().split(" ");
                    int index = Integer.parseInt(f[0]);
                    long expected = CpuWork.run(index, ThreadPoolFaultChild.TASK_UNITS);
                    if (Long.parseLong(f[1]) != expected) {
                        throw Bench.wrong("FaultBench thread pool child (" + fault + ")", index, expected, Long.parseLong(f[1]));
                    }
                    done.add(index);
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("throw-away JVM for '" + fault + "' did not end within 60 s");
            }
        }
        out.tasksCompleted += done.size();
        out.tasksLost += TASKS - 1 - done.size();
        return p.exitValue();
    }
}
