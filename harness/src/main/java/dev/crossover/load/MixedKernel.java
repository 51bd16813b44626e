package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

import java.util.concurrent.locks.LockSupport;

/**
 * Kernel {@code mixed}: argument {@code [computeUnits, waitMicros, seed]} or
 * {@code [computeUnits, waitMicros, seed, finalSpinMicros]}; runs {@code computeUnits}
 * {@link CpuWork} units (about a µs each, see {@code CpuUnitBench}), then waits {@code waitMicros}.
 *
 * <p>The wait blocks in timed {@link LockSupport#parkNanos} calls until its deadline (off the CPU, as
 * {@link Thread#sleep}; a virtual thread unmounts), and spins only its last {@code finalSpinMicros}
 * (default 0). A timed block ends late: the kernel's timer slack (50 µs by default on Linux) plus
 * the time until the woken thread runs again, about 100 µs on an idle 2-core machine and several
 * hundred under load, so a requested wait of 45 µs blocks for about 150 µs. A final spin as long
 * as that overshoot meets short waits, at the price of a core busy for the spin. Either way the
 * kernel measures what it achieved.
 *
 * <p>Result {@code [CpuWork.run(seed, computeUnits), waitNanos, computeNanos]}: the check value, so
 * a caller can see the compute really ran, then the wait and the compute time as achieved, by
 * {@link System#nanoTime()}. Both are wall time as the task sees it: a thread descheduled during
 * its compute counts that too, and the wait lasts until the task runs again, so in a pool with more
 * runnable tasks than cores (or carriers) it includes the queueing for a CPU after the timer fired.
 */
public final class MixedKernel implements Kernel {

    @Override
    public String name() {
        return "mixed";
    }

    @Override
    public byte[] apply(byte[] arg) throws InterruptedException {
        long units = TaskArgs.longAt(arg, 0);
        long waitMicros = TaskArgs.longAt(arg, 1);
        long seed = TaskArgs.longAt(arg, 2);
        long spinMicros = arg.length >= 4 * Long.BYTES ? TaskArgs.longAt(arg, 3) : 0;
        if (units < 0 || waitMicros < 0 || spinMicros < 0) {
            throw new IllegalArgumentException("mixed: compute units, wait µs and final spin µs must be >= 0, got "
                    + units + ", " + waitMicros + ", " + spinMicros);
        }
        long t0 = System.nanoTime();
        long result = CpuWork.run(seed, units);
        long t1 = System.nanoTime();
        if (waitMicros > 0) {
            await(t1 + waitMicros * 1_000, Math.min(spinMicros, waitMicros) * 1_000);
        }
        long t2 = System.nanoTime();
        return TaskArgs.longs(result, t2 - t1, t1 - t0);
    }

    /** Blocks until {@code spinNanos} before {@code deadline}, then spins to it; an interrupt ends the wait. */
    static void await(long deadline, long spinNanos) throws InterruptedException {
        long blockUntil = deadline - spinNanos;
        long left;
        while ((left = blockUntil - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left); // may return early (spurious, unpark): the loop waits out the rest
            if (Thread.interrupted()) {
                throw new InterruptedException("mixed: interrupted while waiting");
            }
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }
}
