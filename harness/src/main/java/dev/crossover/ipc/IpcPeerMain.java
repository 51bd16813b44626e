package dev.crossover.ipc;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the child JVMs the IPC tests and benchmarks start through {@link ChildJvm}. The
 * first argument chooses the role; results go to stdout as one line starting with {@code OK} or
 * {@code FAIL}. Unless the role reads stdin as data, stdin is the lifeline: when it closes (the parent
 * ended, even by SIGKILL) the child halts.
 */
public final class IpcPeerMain {

    private IpcPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: IpcPeerMain ROLE ARGS...; roles: shm-create");
            System.exit(2);
        }
        String role = args[0];
        switch (role) {
            case "shm-create" -> {
                watchLifeline();
                ShmFile f = ShmFile.create("peer", 4096);
                System.out.println("path " + f.path());
                System.out.flush();
                if (args.length > 1 && args[1].equals("exit")) {
                    System.exit(0); // no close(): the shutdown hook must delete the file
                }
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> {
                System.err.println("IpcPeerMain: unknown role '" + role + "'");
                System.exit(2);
            }
        }
    }

    /** Halts this JVM when stdin reaches EOF: the parent is gone or wants us gone. */
    static void watchLifeline() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // ignore anything the parent sends on the lifeline
                }
            } catch (IOException ignored) {
                // broken pipe: the parent is gone too
            }
            Runtime.getRuntime().halt(3);
        }, "lifeline");
        t.setDaemon(true);
        t.start();
    }
}
