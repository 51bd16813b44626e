package dev.crossover.bench;

import dev.crossover.load.FaultKernel;
import dev.crossover.workers.RemoteTaskException;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.WorkerDiedException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts for every task of a job that met a fault: each healthy task either completed with the
 * result computed here, or was lost with the failed worker, and nothing else. A loss is only
 * accepted when the pool attributes it to the worker that failed (its {@link WorkerDiedException}
 * names that worker's pid), so {@code lost} is exactly the tasks in flight on the failed worker;
 * a task lost anywhere else, a wrong result, or a faulty task that did not fail as planned throws.
 */
final class FaultLedger {

    private FaultLedger() {
    }

    /**
     * What the job came to.
     *
     * @param completed   healthy tasks that completed with the right result
     * @param lost        healthy tasks lost with the failed worker
     * @param failedPid   the failed worker's pid, -1 when no worker died
     * @param faultError  how the faulty task failed (its exception), null when there was none
     */
    record Count(int completed, int lost, long failedPid, Throwable faultError) {
    }

    /**
     * The {@code nanoTime} at which the first watched future failed, taken on the thread that failed
     * it (the pool's own, when it notices the fault): the moment the caller could know.
     * {@code Long.MAX_VALUE} until one fails. Watch each future as soon as it is submitted.
     */
    static final class FirstFailure {
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);

        CompletableFuture<byte[]> watch(CompletableFuture<byte[]> f) {
            f.whenComplete((r, e) -> {
                if (e != null) {
                    first.accumulateAndGet(System.nanoTime(), Math::min);
                }
            });
            return f;
        }

        long nanos() {
            return first.get();
        }
    }

    /**
     * Waits for every future (at most {@code timeoutMs} each) and accounts for it.
     *
     * @param futures    the job, in submission order
     * @param expected   the result each healthy task must return (first long); ignored at {@code faulty}
     * @param faulty     index of the faulty task, -1 when the fault came from outside (a kill)
     * @param victimPid  the worker killed from outside, or -1 when the faulty task decides who fails
     */
    static Count account(List<CompletableFuture<byte[]>> futures, long[] expected, int faulty, long victimPid, long timeoutMs) {
        long failedPid = victimPid;
        Throwable faultError = null;
        List<Integer> lostIdx = new ArrayList<>();
        int completed = 0;
        // The faulty task first: its failure names the worker that failed.
        List<Integer> order = new ArrayList<>();
        if (faulty >= 0) {
            order.add(faulty);
        }
        for (int i = 0; i < futures.size(); i++) {
            if (i != faulty) {
                order.add(i);
            }
        }
        for (int i : order) {
            Throwable error = null;
            byte[] result = null;
            try {
                result = futures.get(i).get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                error = e.getCause();
            } catch (TimeoutException e) {
                throw new IllegalStateException("task " + i + " of the job neither completed nor failed within " + timeoutMs
                        + " ms of the fault: the pool did not notice it", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while accounting for task " + i, e);
            }
            if (i == faulty) {
                if (error == null) {
                    throw new IllegalStateException("the faulty task " + i + " returned instead of failing");
                }
                faultError = error;
                if (error instanceof WorkerDiedException died) {
                    failedPid = died.pid();
                }
                continue;
            }
            if (error == null) {
                long got = TaskArgs.longAt(result, 0);
                if (got != expected[i]) {
                    throw Bench.wrong("FaultLedger", i, expected[i], got);
                }
                completed++;
            } else if (error instanceof WorkerDiedException died) {
                if (failedPid < 0) {
                    failedPid = died.pid(); // a kill: the first death seen is the victim's
                }
                if (died.pid() != failedPid) {
                    throw new IllegalStateException("task " + i + " was lost with worker pid " + died.pid()
                            + ", which is not the failed worker (pid " + failedPid + "): a fault spread beyond its worker", died);
                }
                lostIdx.add(i);
            } else {
                throw new IllegalStateException("healthy task " + i + " failed with " + error
                        + ": only the faulty task, or tasks held by the failed worker, may fail", error);
            }
        }
        return new Count(completed, lostIdx.size(), failedPid, faultError);
    }

    /** The fault's own time stamp carried by its failure (message or the dead worker's last stderr lines). */
    static long faultStamp(Throwable error) {
        if (error instanceof WorkerDiedException died) {
            for (String line : died.lastStderr().reversed()) {
                long t = FaultKernel.stampIn(line);
                if (t != Long.MIN_VALUE) {
                    return t;
                }
            }
            return Long.MIN_VALUE;
        }
        if (error instanceof RemoteTaskException remote) {
            return FaultKernel.stampIn(remote.remoteMessage());
        }
        return error == null ? Long.MIN_VALUE : FaultKernel.stampIn(error.getMessage());
    }
}
