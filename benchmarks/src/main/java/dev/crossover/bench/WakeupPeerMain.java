package dev.crossover.bench;

import dev.crossover.ipc.IpcPeerMain;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmCondition;
import dev.crossover.ipc.ShmEvent;
import dev.crossover.profile.ProcFs;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiter of {@link ConditionWakeupBench} and {@link EventWakeupBench} in a child JVM: the same
 * loops {@link WakeupRigs} runs in threads, over the process-safe primitives.
 *
 * <p>{@code WakeupPeerMain condition <condition> <control>} or {@code WakeupPeerMain event <event>
 * <control>}, {@code control} a shared long array laid out as {@link WakeupRigs} says. Prints
 * {@code READY <tid>} (the waiting thread, for its state in {@code /proc}), then waits, acknowledges
 * and waits again until the stop word is set. Stdin is its lifeline: when it ends, the child halts.
 */
public final class WakeupPeerMain {

    private WakeupPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WakeupPeerMain condition|event <name> <control>");
            System.exit(2);
        }
        IpcPeerMain.watchLifeline();
        try (SharedLongArray control = SharedLongArray.open(args[2])) {
            System.out.println("READY " + ProcFs.currentThreadId());
            System.out.flush();
            switch (args[0]) {
                case "condition" -> {
                    try (ShmCondition c = ShmCondition.open(args[1])) {
                        conditionLoop(c, control);
                    }
                }
                case "event" -> {
                    try (ShmEvent e = ShmEvent.open(args[1])) {
                        eventLoop(e, control);
                    }
                }
                default -> {
                    System.err.println("WakeupPeerMain: unknown role '" + args[0] + "'");
                    System.exit(2);
                }
            }
        }
    }

    /** Takes a permit whenever there is one, acknowledging it under the lock; waits otherwise. */
    static void conditionLoop(ShmCondition c, SharedLongArray control) throws InterruptedException {
        c.lock();
        try {
            while (control.get(WakeupRigs.STOP) == 0) {
                if (control.get(WakeupRigs.PERMITS) > 0) {
                    control.add(WakeupRigs.PERMITS, -1);
                    control.add(WakeupRigs.ACKS, 1);
                } else {
                    c.await(Duration.ofSeconds(1));
                }
            }
        } finally {
            c.unlock();
        }
    }

    /** Passes the event, acknowledges, and waits for the next round before waiting again. */
    static void eventLoop(ShmEvent e, SharedLongArray control) throws InterruptedException {
        while (control.get(WakeupRigs.STOP) == 0) {
            if (!e.await(Duration.ofSeconds(1))) {
                continue;
            }
            long round = control.get(WakeupRigs.ROUND); // before the ack: the round is bumped only after every ack
            control.add(WakeupRigs.ACKS, 1);
            while (control.get(WakeupRigs.ROUND) == round && control.get(WakeupRigs.STOP) == 0) {
                LockSupport.parkNanos(WakeupRigs.REARM_POLL_NANOS);
            }
        }
    }
}
