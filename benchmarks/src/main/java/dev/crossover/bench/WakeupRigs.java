package dev.crossover.bench;

import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmCondition;
import dev.crossover.ipc.ShmEvent;
import dev.crossover.sync.ThreadEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waiters for the wake-up benchmarks ({@link ConditionWakeupBench}, {@link EventWakeupBench}): N
 * platform threads, virtual threads or child JVMs blocked on a condition or an event, released by the
 * benchmark thread one round at a time.
 *
 * <p>A round: {@link Rig#arm()} (outside the measurement) waits until every waiter sleeps, its thread
 * parked ({@code WAITING}) or, in a child, in state {@code S} in {@code /proc}, so a round never
 * finds a waiter still on its way to sleep; {@link Rig#fire()} (the measurement) signals and polls,
 * yielding between polls, until the expected number of waiters have acknowledged, each acknowledging as the first thing it
 * does when it runs again. A waiter that acknowledges when it should not (a signal releasing two, a
 * cleared event passing one) fails the next {@code arm()}: a wrong count is never reported.
 *
 * <p>The control words (a shared long array for processes, atomics in one JVM): {@link #PERMITS}
 * (condition: releases granted, taken under the lock), {@link #ACKS}, {@link #ROUND} (event: bumped
 * after each clear, so a waiter that passed waits for the next round), {@link #STOP}.
 */
final class WakeupRigs {

    static final int PERMITS = 0;
    static final int ACKS = 1;
    static final int ROUND = 2;
    static final int STOP = 3;
    /** How often a waiter that passed the event looks for the next round (outside the measurement). */
    static final long REARM_POLL_NANOS = 20_000;
    /** Longest a round or an arm may take before the benchmark fails instead of hanging. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Options of the child JVMs: the futex is a native call. */
    static final List<String> CHILD_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED");

    private WakeupRigs() {
    }

    /** Where the waiters run. */
    enum Kind { PLATFORM, VIRTUAL, PROCESS }

    /** N waiters and the calls of one round. */
    abstract static class Rig implements AutoCloseable {
        final int waiters;
        final int releasedPerRound;
        long expectedAcks;

        Rig(int waiters, int releasedPerRound) {
            this.waiters = waiters;
            this.releasedPerRound = releasedPerRound;
        }

        abstract long acks();

        /** Signals or sets; the waiters are asleep. */
        abstract void signal();

        /** Between rounds: clears what the last round left (the event), before the waiters go back to sleep. */
        void rearm() {
        }

        /** True when every waiter sleeps in the primitive. */
        abstract boolean allAsleep();

        /** Whether the waiters still run (a child may have died). */
        abstract String deadWaiter();

        /** Outside the measurement: checks the last round's count and waits until every waiter sleeps. */
        void arm() {
            rearm();
            long start = System.nanoTime();
            while (!allAsleep()) {
                check(start, "arm: waiters did not all go to sleep");
                LockSupport.parkNanos(10_000);
            }
            long acks = acks();
            if (acks != expectedAcks) {
                throw new IllegalStateException(acks + " waiters ran so far, expected " + expectedAcks + " (" + releasedPerRound
                        + " per round): the primitive released the wrong number; this result must not be reported");
            }
        }

        /**
         * The measurement: signal, then poll until the released waiters have all acknowledged, yielding
         * the CPU at every poll. A spinning poller would hold a core the waiter needs: on a machine with
         * more runnable threads than cores that delays a waiter in another process by milliseconds while
         * a waiter thread of this JVM barely notices: the comparison would measure the poller, not the wake-up.
         */
        long fire() {
            expectedAcks += releasedPerRound;
            signal();
            long start = System.nanoTime();
            long a;
            int polls = 0;
            while ((a = acks()) < expectedAcks) {
                if ((++polls & 0x3FF) == 0 && System.nanoTime() - start > LIMIT_NANOS) {
                    check(start, "round: only " + (a - expectedAcks + releasedPerRound) + " of " + releasedPerRound + " woke");
                }
                Thread.yield();
            }
            return a;
        }

        void check(long start, String what) {
            String dead = deadWaiter();
            if (dead != null) {
                throw new IllegalStateException(what + ": " + dead);
            }
            if (System.nanoTime() - start > LIMIT_NANOS) {
                throw new IllegalStateException(what + " within " + TimeUnit.NANOSECONDS.toSeconds(LIMIT_NANOS) + " s");
            }
        }
    }

    /** Waiter threads of this JVM. */
    abstract static class ThreadRig extends Rig {
        final List<Thread> threads = new ArrayList<>();
        final AtomicLong acks = new AtomicLong();
        volatile boolean stop;

        ThreadRig(int waiters, int releasedPerRound) {
            super(waiters, releasedPerRound);
        }

        void startAll(Kind kind, Runnable loop) {
            for (int i = 0; i < waiters; i++) {
                Thread.Builder b = kind == Kind.VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
                threads.add(b.name("waiter-" + i).start(loop));
            }
        }

        @Override
        long acks() {
            return acks.get();
        }

        /** Every waiter parked without a timeout: in the primitive, not in the re-arm poll (timed). */
        boolean threadsParked() {
            for (Thread t : threads) {
                if (t.getState() != Thread.State.WAITING) {
                    return false;
                }
            }
            return true;
        }

        @Override
        String deadWaiter() {
            for (Thread t : threads) {
                if (!t.isAlive()) {
                    return t.getName() + " ended";
                }
            }
            return null;
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
                if (t.isAlive()) {
                    throw new IllegalStateException(t.getName() + " did not stop within 10 s of its interrupt");
                }
            }
        }
    }

    /** Threads waiting on a {@link ReentrantLock}'s {@link Condition} for a permit. */
    static final class ThreadCondition extends ThreadRig {
        final ReentrantLock lock = new ReentrantLock();
        final Condition permitted = lock.newCondition();
        long permits;

        ThreadCondition(Kind kind, int waiters, boolean all) {
            super(waiters, all ? waiters : 1);
            startAll(kind, () -> {
                lock.lock();
                try {
                    while (!stop) {
                        if (permits > 0) {
                            permits--;
                            acks.incrementAndGet();
                        } else {
                            permitted.await();
                        }
                    }
                } catch (InterruptedException e) {
                    // stopped
                } finally {
                    lock.unlock();
                }
            });
        }

        @Override
        void signal() {
            lock.lock();
            try {
                permits += releasedPerRound;
                if (releasedPerRound == 1) {
                    permitted.signal();
                } else {
                    permitted.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        boolean allAsleep() {
            lock.lock();
            try {
                if (lock.getWaitQueueLength(permitted) != waiters) {
                    return false;
                }
            } finally {
                lock.unlock();
            }
            return threadsParked();
        }
    }

    /** Threads waiting on a {@link ThreadEvent}. */
    static final class ThreadEventRig extends ThreadRig {
        final ThreadEvent event = new ThreadEvent();
        final AtomicLong round = new AtomicLong();

        ThreadEventRig(Kind kind, int waiters) {
            super(waiters, waiters);
            startAll(kind, () -> {
                try {
                    while (!stop) {
                        event.await();
                        long r = round.get(); // before the ack: the round is bumped only after every ack
                        acks.incrementAndGet();
                        while (round.get() == r && !stop) {
                            LockSupport.parkNanos(REARM_POLL_NANOS);
                        }
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
        }

        @Override
        void signal() {
            event.set();
        }

        @Override
        void rearm() {
            event.clear();
            round.incrementAndGet();
        }

        @Override
        boolean allAsleep() {
            return threadsParked();
        }
    }

    /** Child JVMs running {@link WakeupPeerMain}, one waiter each. */
    abstract static class ProcessRig extends Rig {
        final SharedLongArray control = SharedLongArray.create(4);
        final List<PeerJvm> children = new ArrayList<>();
        final List<Long> tids = new ArrayList<>();

        ProcessRig(int waiters, int releasedPerRound) {
            super(waiters, releasedPerRound);
        }

        void startAll(String role, String name) {
            try {
                for (int i = 0; i < waiters; i++) {
                    PeerJvm c = PeerJvm.start(CHILD_OPTIONS, WakeupPeerMain.class, role, name, control.name());
                    children.add(c);
                    String line = c.readLine(Duration.ofSeconds(60));
                    if (!line.startsWith("READY ")) {
                        throw new IllegalStateException(c + " said '" + line + "' instead of READY");
                    }
                    tids.add(Long.parseLong(line.substring(6).trim()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting waiters", e);
            }
        }

        @Override
        long acks() {
            return control.get(ACKS);
        }

        boolean childrenAsleep() {
            for (int i = 0; i < children.size(); i++) {
                if (!sleeping(children.get(i).pid(), tids.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        String deadWaiter() {
            for (PeerJvm c : children) {
                if (!c.process().isAlive()) {
                    return "waiter " + c + " died with exit code " + c.process().exitValue() + " (see its stderr)";
                }
            }
            return null;
        }

        /** Asks the children to stop, then kills whatever is left and deletes the shared files. */
        void closeChildren(AutoCloseable primitive) throws Exception {
            try {
                control.set(STOP, 1);
                for (PeerJvm c : children) {
                    c.close();
                }
            } finally {
                try {
                    primitive.close();
                } finally {
                    control.close();
                }
            }
        }
    }

    /** Processes waiting on a {@link ShmCondition} for a permit. */
    static final class ProcessCondition extends ProcessRig {
        final ShmCondition condition = ShmCondition.create();

        ProcessCondition(int waiters, boolean all) {
            super(waiters, all ? waiters : 1);
            try {
                startAll("condition", condition.name());
            } catch (RuntimeException e) {
                try {
                    close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        @Override
        void signal() {
            condition.lock();
            try {
                control.add(PERMITS, releasedPerRound);
                if (releasedPerRound == 1) {
                    condition.signal();
                } else {
                    condition.signalAll();
                }
            } finally {
                condition.unlock();
            }
        }

        @Override
        boolean allAsleep() {
            return condition.waiters() == waiters && childrenAsleep();
        }

        @Override
        public void close() throws Exception {
            closeChildren(condition);
        }
    }

    /** Processes waiting on a {@link ShmEvent}. */
    static final class ProcessEvent extends ProcessRig {
        final ShmEvent event = ShmEvent.create();

        ProcessEvent(int waiters) {
            super(waiters, waiters);
            try {
                startAll("event", event.name());
            } catch (RuntimeException e) {
                try {
                    close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        @Override
        void signal() {
            event.set();
        }

        @Override
        void rearm() {
            event.clear();
            control.add(ROUND, 1);
        }

        @Override
        boolean allAsleep() {
            return event.waiters() == waiters && childrenAsleep();
        }

        @Override
        public void close() throws Exception {
            closeChildren(event);
        }
    }

    /** True when thread {@code tid} of process {@code pid} sleeps ({@code S} in {@code /proc/<pid>/task/<tid>/stat}). */
    static boolean sleeping(long pid, long tid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'S';
        } catch (IOException e) {
            return false;
        }
    }
}
