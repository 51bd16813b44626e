package dev.crossover.bench;

import dev.crossover.load.CpuWork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away JVM for {@link FaultBench}: a fixed thread pool runs {@code tasks} CPU tasks, one of
 * which ({@code faulty}) calls {@code Runtime.halt} or exhausts the heap. Prints {@value #DONE} and
 * the task index for each task that completed, so the parent counts what survived. Exit code:
 * {@value #HALT_CODE} after halt, 0 when the JVM lived to the end.
 *
 * <p>{@code ThreadPoolFaultChild halt|oom tasks faulty}
 */
public final class ThreadPoolFaultChild {

    /** Line prefix for a completed task. */
    static final String DONE = "done ";
    /** Exit code the halting task uses. */
    static final int HALT_CODE = 77;
    /** CpuWork units of each healthy task: a few ms, so the fault lands while others run. */
    static final long TASK_UNITS = 5_000;

    private ThreadPoolFaultChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        String fault = args[0];
        int tasks = Integer.parseInt(args[1]);
        int faulty = Integer.parseInt(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < tasks; i++) {
            int index = i;
            pool.execute(() -> {
                if (index == faulty) {
                    fail(fault);
                    return;
                }
                long r = CpuWork.run(index, TASK_UNITS);
                synchronized (System.out) {
                    System.out.println(DONE + index + " " + r);
                    System.out.flush();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(50, TimeUnit.SECONDS);
        System.out.flush();
    }

    private static void fail(String fault) {
        switch (fault) {
            case "halt" -> Runtime.getRuntime().halt(HALT_CODE);
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 17]); // 1 MiB at a time until the heap is gone
                }
            }
            default -> throw new IllegalArgumentException("unknown fault '" + fault + "'; use halt or oom");
        }
    }
}
