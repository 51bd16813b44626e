package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import dev.crossover.load.FaultKernel;
import dev.crossover.load.JvmEndFaultKernel;
import dev.crossover.run.QuickGrid;
import dev.crossover.workers.ChildJvm;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * When a task fails or a worker dies, how long until the caller knows, what is lost, and how long
 * until the pool is back to full size?
 *
 * <p>Serves C5 (a crashing process does not harm the others; a thread that dies takes the process
 * with it), on both sides. Each invocation is one job of {@link #TASKS} CPU tasks (the faulty one in
 * the middle) meeting one fault:
 * <ul>
 *   <li>{@link #taskException}: the task throws, on every executor;</li>
 *   <li>{@link #workerFault}: a process worker is killed from outside ({@code KILL}, SIGKILL), or its
 *       task calls {@code Runtime.halt} ({@code HALT}), {@code System.exit} ({@code EXIT}) or exhausts
 *       the heap ({@code OOM}; the workers then run with {@link #BOUNDED_HEAP}, so the error comes in
 *       well under a second);</li>
 *   <li>{@link #threadPoolHalt} and {@link #threadPoolOom}: the same inside a thread pool, shown in a
 *       throw-away JVM ({@link ThreadPoolFaultChild}, {@value ThreadPoolFaultChild#HEAP}) so this JVM lives.</li>
 * </ul>
 * The score is the whole episode: from the fault (or the job's submission) until every task is
 * accounted for and the pool serves at full size. Secondary metrics, per fault: {@code detectMs}
 * (the fault's own time stamp, on the monotonic clock every process here shares, until the caller's
 * future failed), {@code recoverMs} (fault until the pool had all its workers again, none of them the
 * failed one; 0 when it never lost one; for a thread pool whose JVM ended, detection plus the start
 * of a new JVM and pool, what a supervisor would pay), {@code tasksLost} (healthy tasks lost),
 * {@code tasksCompleted}, {@code tasksSubmitted} (healthy tasks of the job) and {@code
 * workerSurvived} (1 when the worker, or the thread pool's JVM, that met the fault lived on). Every
 * lost task is checked to be one the failed worker held ({@link FaultLedger}), every completed one
 * against the same work done here.
 *
 * <p>Expected: an exception loses nothing anywhere and costs no worker; a killed, halted or exited
 * worker loses exactly the tasks it held (at most its in-flight batches), and the pool is whole
 * again after one child JVM start; an OOM in a worker JVM fails only its task, and the worker, its
 * heap freed, serves on; {@code halt} in a thread pool loses every task not yet done and the pool
 * comes back only with a new JVM; an OOM in a thread pool fails the allocating task and, when other
 * tasks allocate while the heap is exhausted, some of them too: the heap is shared.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar FaultBench -f 1}
 */
@QuickGrid(methods = {"taskException", "workerFault"})
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
    /** CpuWork units of a healthy task: tens of ms, so faults land while tasks are in flight. */
    static final long TASK_UNITS = 20_000;
    /** Heap of worker JVMs under {@code OOM}: bounded so the error surfaces in well under a second. */
    static final List<String> BOUNDED_HEAP = List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC");
    /** Longest a task may take to complete or fail after the fault. */
    static final long ACCOUNT_TIMEOUT_MS = 60_000;

    /** Faults a process worker meets. */
    public enum WorkerFault { KILL, HALT, EXIT, OOM }

    /** What the fault left behind, per iteration (one fault per iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public double detectMs;
        public double recoverMs;
        public double tasksLost;
        public double tasksCompleted;
        public double tasksSubmitted;
        public double workerSurvived;

        @Setup(Level.Iteration)
        public void reset() {
            detectMs = 0;
            recoverMs = 0;
            tasksLost = 0;
            tasksCompleted = 0;
            tasksSubmitted = 0;
            workerSurvived = 0;
        }

        void record(FaultLedger.Count c, int submitted, long faultNanos, long detectNanos, long recoverNanos) {
            tasksSubmitted = submitted;
            tasksCompleted = c.completed();
            tasksLost = c.lost();
            detectMs = faultNanos == Long.MIN_VALUE || detectNanos == Long.MAX_VALUE ? Double.NaN
                    : Math.max(0, detectNanos - faultNanos) / 1e6;
            recoverMs = Math.max(0, recoverNanos - faultNanos) / 1e6;
        }
    }

    /** A pool whose task throws. */
    @State(Scope.Thread)
    public static class Throwing {
        @Param({"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
        public Executor executor;
        Workers pool;
        List<byte[]> args;
        long[] expected;

        @Setup(Level.Trial)
        public void setup() {
            args = Bench.cpuArgs(TASKS, TASK_UNITS / 10, 0xFA);
            args.set(FAULTY, TaskArgs.longs(FaultKernel.THROW));
            expected = Bench.cpuExpected(TASKS, TASK_UNITS / 10, 0xFA);
            pool = Bench.start(PoolSpec.of(executor, Bench.BUDGET.cores()));
        }

        @TearDown(Level.Trial)
        public void stop() {
            Bench.stop(pool);
            pool = null;
        }
    }

    /** A process pool about to lose a worker. */
    @State(Scope.Thread)
    public static class Faulting {
        @Param({"PROCESS_PIPE", "PROCESS_SHM"})
        public Executor executor;
        @Param({"KILL", "HALT", "EXIT", "OOM"})
        public WorkerFault fault;
        Workers pool;
        List<byte[]> args;
        long[] expected;
        List<CompletableFuture<byte[]>> running;
        FaultLedger.FirstFailure firstFailure;

        @Setup(Level.Trial)
        public void setup() {
            args = Bench.cpuArgs(TASKS, TASK_UNITS, 0xDEAD);
            expected = Bench.cpuExpected(TASKS, TASK_UNITS, 0xDEAD);
            PoolSpec spec = PoolSpec.of(executor, Bench.BUDGET.cores());
            pool = Bench.start(fault == WorkerFault.OOM ? spec.withJvmOptions(BOUNDED_HEAP) : spec);
        }

        /** For KILL, the job runs before the kill: the victim holds tasks when it dies. Set up here, outside the timing. */
        @Setup(Level.Invocation)
        public void startJob() {
            running = null;
            if (fault == WorkerFault.KILL) {
                running = new ArrayList<>(TASKS);
                firstFailure = new FaultLedger.FirstFailure();
                for (byte[] a : args) {
                    running.add(firstFailure.watch(pool.submit("cpu", a)));
                }
                CompletableFuture.anyOf(running.toArray(CompletableFuture[]::new)).join();
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            Bench.stop(pool);
            pool = null;
        }
    }

    /** A batch with one throwing task: time until every result is in and checked. */
    @Benchmark
    public long taskException(Throwing s, Outcome out) {
        List<CompletableFuture<byte[]>> f = new ArrayList<>(TASKS);
        FaultLedger.FirstFailure first = new FaultLedger.FirstFailure();
        for (int i = 0; i < TASKS; i++) {
            f.add(first.watch(i == FAULTY ? s.pool.submit("fault", s.args.get(i)) : s.pool.submit("cpu", s.args.get(i))));
        }
        FaultLedger.Count c = FaultLedger.account(f, s.expected, FAULTY, -1, ACCOUNT_TIMEOUT_MS);
        if (c.failedPid() >= 0 || c.lost() > 0) {
            throw new IllegalStateException(s.executor + ": a task's exception cost a worker (pid " + c.failedPid()
                    + ") or " + c.lost() + " other task(s)");
        }
        long stamp = FaultLedger.faultStamp(c.faultError());
        out.record(c, TASKS - 1, stamp, first.nanos(), stamp); // no worker lost: whole at once
        out.workerSurvived = 1;
        return c.completed();
    }

    /** A process worker meets {@code fault} mid-job: until every task is accounted for and the pool is whole and serving. */
    @Benchmark
    public long workerFault(Faulting s, Outcome out) throws InterruptedException {
        long faultNanos;
        List<CompletableFuture<byte[]>> job;
        FaultLedger.FirstFailure first;
        FaultLedger.Count c;
        if (s.fault == WorkerFault.KILL) {
            long victim = s.pool.workerPids().getFirst();
            job = s.running;
            first = s.firstFailure;
            faultNanos = System.nanoTime();
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            c = FaultLedger.account(job, s.expected, -1, victim, ACCOUNT_TIMEOUT_MS);
            if (c.failedPid() != victim) {
                throw new IllegalStateException(s.executor + ": worker " + victim + " was killed but no task was lost with it; "
                        + "it held none (the job ended before the kill?)");
            }
        } else {
            job = new ArrayList<>(TASKS);
            first = new FaultLedger.FirstFailure();
            for (int i = 0; i < TASKS; i++) {
                job.add(first.watch(i != FAULTY ? s.pool.submit("cpu", s.args.get(i)) : switch (s.fault) {
                    case HALT -> s.pool.submit("fault-end", TaskArgs.longs(JvmEndFaultKernel.HALT, 77));
                    case EXIT -> s.pool.submit("fault-end", TaskArgs.longs(JvmEndFaultKernel.EXIT, 78));
                    default -> s.pool.submit("fault", TaskArgs.longs(FaultKernel.OOM));
                }));
            }
            c = FaultLedger.account(job, s.expected, FAULTY, -1, ACCOUNT_TIMEOUT_MS);
            faultNanos = FaultLedger.faultStamp(c.faultError());
            if (faultNanos == Long.MIN_VALUE) {
                throw new IllegalStateException(s.executor + " " + s.fault + ": the fault's time stamp is missing from its failure: "
                        + c.faultError());
            }
        }
        long whole = awaitFullSize(s.pool, c.failedPid());
        out.record(c, s.fault == WorkerFault.KILL ? TASKS : TASKS - 1, faultNanos, first.nanos(), c.failedPid() < 0 ? faultNanos : whole);
        out.workerSurvived = c.failedPid() < 0 ? 1 : 0;
        probe(s.pool);
        return c.completed();
    }

    /** nanoTime at which the pool had all its workers again, none of them {@code failedPid}; at once when none failed. */
    static long awaitFullSize(Workers pool, long failedPid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<Long> pids = pool.workerPids();
            if (pids.size() == pool.size() && !pids.contains(failedPid)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pool.executor() + " pool did not replace failed worker " + failedPid + " within 60 s: " + pids);
            }
            Thread.sleep(0, 200_000);
        }
    }

    /** One small task per worker, each result checked: the pool serves again. */
    private static void probe(Workers pool) {
        List<CompletableFuture<byte[]>> probes = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            probes.add(pool.submit("cpu", TaskArgs.longs(1, i)));
        }
        for (int i = 0; i < probes.size(); i++) {
            long got = TaskArgs.longAt(probes.get(i).join(), 0);
            if (got != CpuWork.run(i, 1)) {
                throw Bench.wrong("FaultBench probe", i, CpuWork.run(i, 1), got);
            }
        }
    }

    /** {@code Runtime.halt} in one task of a thread pool, in a throw-away JVM: what is left, and what bringing it back costs. */
    @Benchmark
    public int threadPoolHalt(Outcome out) throws IOException, InterruptedException {
        ChildRun run = ChildRun.run("halt");
        if (run.faultNanos == Long.MIN_VALUE || run.exitCode != ThreadPoolFaultChild.HALT_CODE) {
            throw new IllegalStateException("throw-away JVM for 'halt' ended with exit code " + run.exitCode + " and "
                    + (run.faultNanos == Long.MIN_VALUE ? "no" : "a") + " fault line; expected the halt");
        }
        long restart = ChildRun.run("none").readyAfterStartNanos;
        out.tasksSubmitted = TASKS - 1;
        out.tasksCompleted = run.done.size();
        out.tasksLost = TASKS - 1 - run.done.size(); // the failed worker is the JVM: it held every task not done
        out.detectMs = Math.max(0, run.endNanos - run.faultNanos) / 1e6;
        out.recoverMs = out.detectMs + restart / 1e6;
        out.workerSurvived = 0;
        return run.exitCode;
    }

    /** {@code OutOfMemoryError} in one task of a thread pool, in a throw-away JVM with a bounded heap: what is left. */
    @Benchmark
    public int threadPoolOom(Outcome out) throws IOException, InterruptedException {
        ChildRun run = ChildRun.run("oom");
        if (run.faultNanos == Long.MIN_VALUE) {
            throw new IllegalStateException("throw-away JVM for 'oom' (exit code " + run.exitCode + ") never ran out of heap");
        }
        out.tasksSubmitted = TASKS - 1;
        out.tasksCompleted = run.done.size();
        out.tasksLost = TASKS - 1 - run.done.size(); // healthy tasks that failed too (they allocated while the heap was gone) or never ran
        out.detectMs = run.seenNanos == Long.MIN_VALUE ? Double.NaN : Math.max(0, run.seenNanos - run.faultNanos) / 1e6;
        out.recoverMs = run.fullNanos == Long.MIN_VALUE ? Double.NaN : Math.max(0, run.fullNanos - run.faultNanos) / 1e6;
        out.workerSurvived = run.ended && run.exitCode == 0 ? 1 : 0;
        return run.exitCode;
    }

    /** What a throw-away thread-pool JVM reported. */
    static final class ChildRun {
        final Set<Integer> done = new HashSet<>();
        final List<String> failed = new ArrayList<>();
        long faultNanos = Long.MIN_VALUE;
        long seenNanos = Long.MIN_VALUE;
        long fullNanos = Long.MIN_VALUE;
        long readyAfterStartNanos;
        long endNanos;
        boolean ended;
        int exitCode;

        static ChildRun run(String fault) throws IOException, InterruptedException {
            ChildRun r = new ChildRun();
            long start = System.nanoTime();
            // a small heap and the serial GC of its own, so that an OutOfMemoryError surfaces within seconds
            ChildJvm.Child child = ChildJvm.launcher(ThreadPoolFaultChild.class)
                    .jvmOptions(List.of(ThreadPoolFaultChild.HEAP, "-XX:+UseSerialGC"))
                    .args(fault, Integer.toString(Math.max(2, Bench.BUDGET.cores())), Integer.toString(TASKS), Integer.toString(FAULTY))
                    .name("thread-pool fault child (" + fault + ")").start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    r.read(line, fault, start);
                }
                r.endNanos = System.nanoTime(); // end of its stdout: the JVM is gone (or closing)
            } finally {
                Integer code = child.awaitExit(java.time.Duration.ofSeconds(60));
                if (code == null) {
                    child.destroy(java.time.Duration.ofSeconds(1));
                    throw new IllegalStateException("throw-away JVM for '" + fault + "' did not end within 60 s; its stderr: "
                            + child.stderrTail());
                }
                r.exitCode = code;
            }
            return r;
        }

        private void read(String line, String fault, long start) {
            long now = System.nanoTime();
            String[] f = line.split(" ");
            switch (f[0] + " ") {
                case ThreadPoolFaultChild.DONE -> {
                    int index = Integer.parseInt(f[1]);
                    long expected = CpuWork.run(index, ThreadPoolFaultChild.TASK_UNITS);
                    if (Long.parseLong(f[2]) != expected) {
                        throw Bench.wrong("FaultBench thread pool child (" + fault + ")", index, expected, Long.parseLong(f[2]));
                    }
                    done.add(index);
                    if (fault.equals("none") && readyAfterStartNanos == 0) {
                        readyAfterStartNanos = now - start; // a new JVM's pool has answered
                    }
                }
                case ThreadPoolFaultChild.FAILED -> failed.add(line);
                case ThreadPoolFaultChild.FAULT -> faultNanos = Long.parseLong(f[1]);
                case ThreadPoolFaultChild.SEEN -> seenNanos = Long.parseLong(f[1]);
                case ThreadPoolFaultChild.FULL -> fullNanos = Long.parseLong(f[1]);
                default -> ended |= line.equals(ThreadPoolFaultChild.END);
            }
        }
    }
}
