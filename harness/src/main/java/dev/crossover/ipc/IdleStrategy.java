package dev.crossover.ipc;

import java.util.concurrent.locks.LockSupport;

/**
 * What a thread does while it waits for a peer in shared memory: one small stateful object per
 * waiting thread. Call {@link #idle()} after each attempt that found nothing to do and
 * {@link #reset()} after one that did.
 */
public interface IdleStrategy {

    /** Waits a little; the longer nothing happens, the longer (for strategies that back off). */
    void idle();

    /** Work was found: the next wait starts short again. */
    void reset();

    /**
     * A strategy by name, as {@code PoolSpec.idle} and the benchmarks' {@code @Param} spell it:
     * {@code spin} or {@code backoff}.
     */
    static IdleStrategy of(String name) {
        return switch (name) {
            case "spin" -> new BusySpin();
            case "backoff" -> new Backoff();
            default -> throw new IllegalArgumentException("idle strategy must be 'spin' or 'backoff', got '" + name + "'");
        };
    }

    /**
     * Spins without ever sleeping: lowest latency, but a whole core burnt while idle. Only where the
     * machine has a core to spare per spinning thread. Every {@link #YIELD_EVERY} idle calls it
     * yields once, so that two spinners the scheduler put on one core (a loaded machine) hand the
     * core over within microseconds instead of each burning a whole time slice of milliseconds; a
     * spinner with a core of its own and a prompt peer never gets that far.
     */
    final class BusySpin implements IdleStrategy {
        /** Idle calls between two yields: a few microseconds, longer than a round trip between two free cores. */
        public static final int YIELD_EVERY = 128;

        private int count;

        @Override
        public void idle() {
            if ((++count & (YIELD_EVERY - 1)) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }

        @Override
        public void reset() {
            count = 0;
        }

        @Override
        public String toString() {
            return "spin";
        }
    }

    /**
     * Spins first (answers at spin speed when the peer is quick), then yields, then parks with a
     * doubling pause up to {@link #MAX_PARK_NANOS}, so an idle waiter costs almost nothing and still
     * notices work within about a millisecond.
     */
    final class Backoff implements IdleStrategy {
        /** Spins before the first yield: some tens of microseconds, about one pipe round trip. */
        public static final int SPINS = 1000;
        /** Yields before the first park. */
        public static final int YIELDS = 20;
        /** First park. */
        public static final long MIN_PARK_NANOS = 1_000;
        /** Longest park: the bound on how late an idle waiter notices work. */
        public static final long MAX_PARK_NANOS = 1_000_000;

        private int count;
        private long parkNanos = MIN_PARK_NANOS;

        @Override
        public void idle() {
            if (count < SPINS) {
                count++;
                Thread.onSpinWait();
            } else if (count < SPINS + YIELDS) {
                count++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
            }
        }

        @Override
        public void reset() {
            count = 0;
            parkNanos = MIN_PARK_NANOS;
        }

        @Override
        public String toString() {
            return "backoff";
        }
    }
}
