package dev.crossover.workers;

import dev.crossover.ipc.IpcPeerMain;

/**
 * The child JVM of the {@link ChildProcess} tests and of the lifecycle benchmarks: prints {@code READY},
 * then {@code sleep} blocks until it is ended, {@code exit N} exits with status N, {@code exit-after MS N}
 * sleeps MS milliseconds then exits with N. Stdin is its lifeline: when it closes (the parent ended, even
 * by SIGKILL) the child halts.
 */
public final class LifecycleChildMain {

    private LifecycleChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0) {
            System.err.println("usage: LifecycleChildMain sleep | exit N | exit-after MS N");
            System.exit(2);
        }
        IpcPeerMain.watchLifeline();
        System.out.println("READY");
        System.out.flush();
        switch (args[0]) {
            case "sleep" -> Thread.sleep(Long.MAX_VALUE);
            case "exit" -> System.exit(Integer.parseInt(args[1]));
            case "exit-after" -> {
                Thread.sleep(Long.parseLong(args[1]));
                System.exit(Integer.parseInt(args[2]));
            }
            default -> {
                System.err.println("LifecycleChildMain: unknown role '" + args[0] + "'");
                System.exit(2);
            }
        }
    }
}
