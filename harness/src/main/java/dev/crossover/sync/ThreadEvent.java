package dev.crossover.sync;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The notes' {@code threading.Event} for threads of one JVM: a flag that {@link #set()} raises (every
 * waiter passes, now and until {@link #clear()}) and {@link #clear()} lowers. Built on a
 * {@link ReentrantLock} and its {@link Condition}, so a waiting virtual thread unmounts and frees its
 * carrier.
 *
 * <p>As in Python, a thread that was waiting when {@code set} was called passes even if {@code clear}
 * comes before it runs: each {@code set} of a clear flag starts a new generation, and a waiter passes
 * once the generation it waited in is over.
 */
public final class ThreadEvent {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean flag;
    private long generation;

    /** True while the flag is set. */
    public boolean isSet() {
        lock.lock();
        try {
            return flag;
        } finally {
            lock.unlock();
        }
    }

    /** Raises the flag and wakes every waiter. */
    public void set() {
        lock.lock();
        try {
            if (!flag) {
                flag = true;
                generation++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lowers the flag: threads that call {@link #await} from now on block until the next {@link #set()}. */
    public void clear() {
        lock.lock();
        try {
            flag = false;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until the flag is set. */
    public void await() throws InterruptedException {
        lock.lock();
        try {
            long g = generation;
            while (!flag && generation == g) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the flag is set or {@code timeout} passes.
     *
     * @return true when the flag was set while waiting (even if cleared since), false on the timeout
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            long g = generation;
            while (!flag && generation == g) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
