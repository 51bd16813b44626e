package dev.crossover.ipc;

import java.time.Duration;

/**
 * Entry point of the child JVMs the tests of {@link ShmEvent}, {@link ShmCondition} and
 * {@link ShmBoundedSemaphore} start through
 * {@link PeerJvm}: the first argument chooses the role, the outcome is one line on stdout. Stdin is
 * the lifeline, as for {@link IpcPeerMain}.
 */
public final class SyncPeerMain {

    /** Options the children need: the futex is a native call. */
    public static final java.util.List<String> JVM_OPTIONS = java.util.List.of("--enable-native-access=ALL-UNNAMED");

    private SyncPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: SyncPeerMain ROLE ARGS...; roles: event-wait EVENT TIMEOUT_MS, condition-hold CONDITION, "
                    + "condition-wait CONDITION PERMITS TIMEOUT_MS, semaphore-hold SEMAPHORE N, semaphore-acquire SEMAPHORE TIMEOUT_MS, "
                    + "semaphore-work SEMAPHORE COUNTERS ROUNDS");
            System.exit(2);
        }
        IpcPeerMain.watchLifeline();
        switch (args[0]) {
            case "event-wait" -> eventWait(args[1], Long.parseLong(args[2]));
            case "condition-hold" -> conditionHold(args[1]);
            case "condition-wait" -> conditionWait(args[1], args[2], Long.parseLong(args[3]));
            case "semaphore-hold" -> semaphoreHold(args[1], Integer.parseInt(args[2]));
            case "semaphore-acquire" -> semaphoreAcquire(args[1], Long.parseLong(args[2]));
            case "semaphore-work" -> semaphoreWork(args[1], args[2], Integer.parseInt(args[3]));
            default -> {
                System.err.println("SyncPeerMain: unknown role '" + args[0] + "'");
                System.exit(2);
            }
        }
    }

    /** Waits for the event: {@code PASSED} or {@code TIMEOUT}. */
    private static void eventWait(String name, long timeoutMs) throws InterruptedException {
        try (ShmEvent event = ShmEvent.open(name)) {
            say("WAITING");
            say(event.await(Duration.ofMillis(timeoutMs)) ? "PASSED" : "TIMEOUT");
        }
    }

    /** Takes the condition's lock and keeps it until killed. */
    private static void conditionHold(String name) throws InterruptedException {
        ShmCondition c = ShmCondition.open(name);
        c.lock();
        say("LOCKED");
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Waits on the condition until element 0 of the shared array {@code permits} is positive, takes
     * one and says {@code PASSED}; says {@code TIMEOUT} when an await runs out first.
     */
    private static void conditionWait(String name, String permitsName, long timeoutMs) throws InterruptedException {
        try (ShmCondition c = ShmCondition.open(name); SharedLongArray permits = SharedLongArray.open(permitsName)) {
            c.lock();
            try {
                say("WAITING");
                while (permits.get(0) == 0) {
                    if (!c.await(Duration.ofMillis(timeoutMs))) {
                        say("TIMEOUT");
                        return;
                    }
                }
                permits.add(0, -1);
            } finally {
                c.unlock();
            }
            say("PASSED");
        }
    }

    /** Takes {@code n} permits, says {@code HELD} and keeps them until killed. */
    private static void semaphoreHold(String name, int n) throws InterruptedException {
        ShmBoundedSemaphore s = ShmBoundedSemaphore.open(name);
        for (int i = 0; i < n; i++) {
            s.acquire();
        }
        say("HELD");
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Says {@code WAITING}, then {@code ACQUIRED} (and gives the permit back) or {@code TIMEOUT}. */
    private static void semaphoreAcquire(String name, long timeoutMs) throws InterruptedException {
        try (ShmBoundedSemaphore s = ShmBoundedSemaphore.open(name)) {
            say("WAITING");
            if (s.tryAcquire(Duration.ofMillis(timeoutMs))) {
                s.release();
                say("ACQUIRED");
            } else {
                say("TIMEOUT");
            }
        }
    }

    /**
     * {@code rounds} times: takes a permit, counts itself in element 0 of {@code counters} (raising the
     * peak in element 1), yields, counts itself out and releases; then says {@code DONE}.
     */
    private static void semaphoreWork(String name, String countersName, int rounds) throws InterruptedException {
        try (ShmBoundedSemaphore s = ShmBoundedSemaphore.open(name); SharedLongArray counters = SharedLongArray.open(countersName)) {
            for (int r = 0; r < rounds; r++) {
                s.acquire();
                try {
                    long in = counters.add(0, 1);
                    for (long peak = counters.get(1); in > peak && !counters.compareAndSet(1, peak, in); peak = counters.get(1)) {
                        // another holder raised the peak meanwhile: read it again
                    }
                    Thread.yield();
                } finally {
                    counters.add(0, -1);
                    s.release();
                }
            }
            say("DONE");
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
