package dev.crossover.bench;

import dev.crossover.load.CpuWork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A throw-away JVM for {@link FaultBench}: a fixed pool of {@code threads} platform threads runs
 * {@code tasks} tasks, one of which ({@code faulty}) calls {@code Runtime.halt} or exhausts the heap;
 * every healthy task allocates a small buffer and does {@link #TASK_UNITS} units of CPU work, as a
 * real task allocates. Reports on stdout, one line per event, with {@link System#nanoTime} stamps
 * (the same monotonic clock as the parent's):
 * <ul>
 *   <li>{@value #READY} {@code <nanos>}: the pool's threads are started;</li>
 *   <li>{@value #DONE} {@code <index> <result>}: a healthy task completed;</li>
 *   <li>{@value #FAILED} {@code <index> <exception class>}: a healthy task failed;</li>
 *   <li>{@value #FAULT} {@code <nanos> <what>}: the fault happened (before the halt; when the heap ran out);</li>
 *   <li>{@value #SEEN} {@code <nanos>}: the caller's {@code Future.get} reported the faulty task's failure;</li>
 *   <li>{@value #FULL} {@code <nanos> <threads>}: the pool had all its threads again after the fault;</li>
 *   <li>{@value #END}: the JVM lived to the end.</li>
 * </ul>
 * Exit code {@value #HALT_CODE} after halt, 0 when the JVM lived. Mode {@code none} runs one task
 * and ends: the time a supervisor pays to bring a pool back by starting a new JVM.
 *
 * <p>{@code ThreadPoolFaultChild halt|oom|none threads tasks faulty}
 */
public final class ThreadPoolFaultChild {

    static final String READY = "ready ";
    static final String DONE = "done ";
    static final String FAILED = "failed ";
    static final String FAULT = "fault ";
    static final String SEEN = "seen ";
    static final String FULL = "full ";
    static final String END = "end";
    /** Exit code the halting task uses. */
    static final int HALT_CODE = 77;
    /** CpuWork units of each healthy task: a few ms, so the fault lands while others run. */
    static final long TASK_UNITS = 5_000;
    /** Heap of this JVM, so that exhausting it takes well under a second. */
    static final String HEAP = "-Xmx64m";

    private ThreadPoolFaultChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        String fault = args[0];
        int threads = Integer.parseInt(args[1]);
        int tasks = Integer.parseInt(args[2]);
        int faulty = Integer.parseInt(args[3]);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        say(READY + System.nanoTime());
        if (fault.equals("none")) {
            tasks = 1;
            faulty = -1;
        }
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            int index = i;
            int bad = faulty;
            futures.add(pool.submit(() -> index == bad ? fail(fault) : healthy(index)));
        }
        for (int i = 0; i < tasks; i++) {
            try {
                long r = futures.get(i).get();
                say(DONE + i + " " + r);
            } catch (ExecutionException e) {
                if (i == faulty) {
                    say(SEEN + System.nanoTime());
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (pool.getPoolSize() < threads && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    say(FULL + System.nanoTime() + " " + pool.getPoolSize());
                } else {
                    say(FAILED + i + " " + e.getCause().getClass().getName());
                }
            }
        }
        pool.shutdown();
        pool.awaitTermination(50, TimeUnit.SECONDS);
        say(END);
    }

    private static long healthy(int index) {
        long[] scratch = new long[8192]; // 64 KiB: a task allocates, as real ones do
        long r = CpuWork.run(index, TASK_UNITS);
        scratch[index % scratch.length] = r;
        return scratch[index % scratch.length];
    }

    private static long fail(String fault) {
        switch (fault) {
            case "halt" -> {
                say(FAULT + System.nanoTime() + " Runtime.halt(" + HALT_CODE + ")");
                Runtime.getRuntime().halt(HALT_CODE);
                return 0;
            }
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                try {
                    while (true) {
                        hog.add(new long[1 << 17]); // 1 MiB at a time until the heap is gone
                    }
                } catch (OutOfMemoryError e) {
                    int mib = hog.size();
                    hog.clear();
                    say(FAULT + System.nanoTime() + " OutOfMemoryError after " + mib + " MiB");
                    throw e;
                }
            }
            default -> throw new IllegalArgumentException("unknown fault '" + fault + "'; use halt, oom or none");
        }
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
