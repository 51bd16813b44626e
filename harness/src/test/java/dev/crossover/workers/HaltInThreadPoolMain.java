package dev.crossover.workers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Run in a throw-away child JVM by {@link ChildJvmTest}: a thread pool that lets the {@code halt}
 * kernel run. Prints a line per finished task; halt ends the JVM before any would finish.
 */
public final class HaltInThreadPoolMain {

    public static void main(String[] args) throws Exception {
        Workers pool = new ThreadWorkers(PoolSpec.of(Executor.THREADS, 4), true);
        List<CompletableFuture<byte[]>> others = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
            others.add(pool.submit("sleep", TaskArgs.longs(1_000_000, i)));
        }
        System.out.println("submitted");
        System.out.flush();
        Thread.sleep(100);
        pool.submit("halt", TaskArgs.longs(9));
        for (CompletableFuture<byte[]> f : others) {
            f.get();
            System.out.println("task finished");
        }
        System.out.println("all finished");
    }
}
