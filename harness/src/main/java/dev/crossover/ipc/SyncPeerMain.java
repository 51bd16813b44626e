package dev.crossover.ipc;

import java.time.Duration;

/**
 * Entry point of the child JVMs the tests of {@link ShmEvent} and {@link ShmCondition} start through
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
                    + "condition-wait CONDITION PERMITS TIMEOUT_MS");
            System.exit(2);
        }
        IpcPeerMain.watchLifeline();
        switch (args[0]) {
            case "event-wait" -> eventWait(args[1], Long.parseLong(args[2]));
            case "condition-hold" -> conditionHold(args[1]);
            case "condition-wait" -> conditionWait(args[1], args[2], Long.parseLong(args[3]));
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

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
