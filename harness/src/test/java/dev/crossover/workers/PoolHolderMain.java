package dev.crossover.workers;

/**
 * Run in a child JVM by {@link ChildJvmTest}: starts a process pool, prints its workers' pids on
 * one line, then waits to be killed without closing the pool.
 */
public final class PoolHolderMain {

    public static void main(String[] args) throws Exception {
        Workers pool = PoolSpec.of(Executor.valueOf(args[0]), 2).start();
        pool.submit("sleep", TaskArgs.longs(30_000_000)); // a busy worker must die too
        StringBuilder pids = new StringBuilder("pids");
        for (long pid : pool.workerPids()) {
            pids.append(' ').append(pid);
        }
        System.out.println(pids);
        System.out.flush();
        Thread.sleep(60_000);
    }
}
