package dev.crossover.bench;

import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.IdleStrategy;
import dev.crossover.ipc.SharedLongArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntConsumer;

/**
 * Contending workers for {@link SharedStateBench} and {@link LockBench}, started once per trial and
 * run in rounds: each benchmark invocation is one round in which every worker does its share of a
 * fixed total of operations, so the score is operations per second whatever the contender count.
 */
final class Contenders {

    private Contenders() {
    }

    /**
     * A contender count: a number or a symbolic size ({@code cores}, {@code cores/2}, {@code k*cores}),
     * resolved by {@code PoolSizer} against this JVM's {@code CpuBudget} like every pool size of the
     * suite (the harness passes plain numbers it resolved the same way).
     */
    static int resolve(String expr) {
        return Bench.size(expr, 0);
    }

    /** Worker {@code id}'s share of {@code total} among {@code n}. */
    static int share(int total, int n, int id) {
        return total / n + (id < total % n ? 1 : 0);
    }

    /** Platform threads, each running {@code task.accept(id)} once per round. */
    static final class ThreadRounds implements AutoCloseable {
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private final List<Thread> threads = new ArrayList<>();
        /** The first error a contender's task threw: its round ends for every party, and round() throws it. */
        private volatile Throwable failure;

        ThreadRounds(int n, IntConsumer task) {
            start = new CyclicBarrier(n + 1);
            end = new CyclicBarrier(n + 1);
            for (int i = 0; i < n; i++) {
                int id = i;
                threads.add(Thread.ofPlatform().daemon().name("contender-" + id).start(() -> {
                    try {
                        while (true) {
                            start.await();
                            try {
                                task.accept(id);
                            } catch (RuntimeException | Error e) {
                                if (failure == null) {
                                    failure = e; // the round still ends for every party; round() then throws it
                                }
                            }
                            end.await();
                        }
                    } catch (InterruptedException | BrokenBarrierException stop) {
                        // trial over
                    }
                }));
            }
        }

        void round() throws InterruptedException {
            try {
                start.await();
                end.await();
            } catch (BrokenBarrierException e) {
                throw new IllegalStateException("a contender thread failed", e);
            }
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("a contender thread failed: " + f, f);
            }
        }

        @Override
        public void close() throws InterruptedException {
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(5_000);
            }
        }
    }

    /**
     * Child JVMs running {@link ContenderMain}, each doing its share per round. Rounds are driven
     * through a shared control array: element 0 the round number, element 1 the finished count.
     */
    static final class ProcessRounds implements AutoCloseable {
        private final SharedLongArray control = SharedLongArray.create(2);
        private final List<PeerJvm> children = new ArrayList<>();
        private final int n;
        private long round;

        /** Starts {@code n} children with {@code ContenderMain kind id share control args...}. */
        ProcessRounds(int n, int total, String kind, String... args) {
            this(List.of(), n, total, kind, args);
        }

        /** Like {@link #ProcessRounds(int, int, String, String...)}, the children started with {@code jvmOptions}. */
        ProcessRounds(List<String> jvmOptions, int n, int total, String kind, String... args) {
            this.n = n;
            try {
                for (int id = 0; id < n; id++) {
                    List<String> a = new ArrayList<>(List.of(kind, Integer.toString(id), Integer.toString(share(total, n, id)), control.name()));
                    a.addAll(List.of(args));
                    children.add(PeerJvm.start(jvmOptions, ContenderMain.class, a.toArray(String[]::new)));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        void round() {
            round++;
            control.set(0, round);
            IdleStrategy idle = new IdleStrategy.Backoff();
            long check = System.nanoTime();
            while (control.get(1) < round * n) {
                if (System.nanoTime() - check > 100_000_000L) {
                    for (PeerJvm c : children) {
                        if (!c.process().isAlive()) {
                            throw new IllegalStateException("contender " + c + " died with exit code " + c.process().exitValue());
                        }
                    }
                    check = System.nanoTime();
                }
                idle.idle();
            }
        }

        @Override
        public void close() {
            children.forEach(PeerJvm::close);
            control.close();
        }
    }
}
