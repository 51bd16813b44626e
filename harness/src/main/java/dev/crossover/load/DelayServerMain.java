package dev.crossover.load;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the delay server's own JVM: {@code DelayServerMain [defaultDelayMicros]}. Prints
 * {@link DelayProtocol#PORT_LINE_PREFIX} and the port on stdout once it listens, then serves until
 * its stdin reaches end of file: stdin is its lifeline, so it exits when its parent dies, however
 * the parent died.
 */
public final class DelayServerMain {

    private DelayServerMain() {
    }

    public static void main(String[] args) throws IOException {
        long delayMicros = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        DelayServer server = new DelayServer(delayMicros);
        Thread lifeline = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent on stdin; reading only waits for end of file
                }
            } catch (IOException ignored) {
                // parent gone either way
            }
            Runtime.getRuntime().halt(0);
        }, "lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
        System.out.println(DelayProtocol.PORT_LINE_PREFIX + server.port());
        System.out.flush();
        server.run();
    }
}
