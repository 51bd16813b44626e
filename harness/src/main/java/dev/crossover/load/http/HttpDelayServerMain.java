package dev.crossover.load.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the HTTP delay service's own JVM: {@code HttpDelayServerMain [eventLoopThreads [lateLimitMs]]}.
 * Prints {@link #PORT_LINE_PREFIX} and the port on stdout once it listens, then serves until its
 * stdin reaches end of file: stdin is its lifeline, so it exits when its parent dies.
 */
public final class HttpDelayServerMain {

    /** The line the server prints once it listens, followed by the port. */
    public static final String PORT_LINE_PREFIX = "HTTP-DELAY-SERVER-PORT ";

    private HttpDelayServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        long lateLimitMs = args.length > 1 ? Long.parseLong(args[1]) : HttpDelayServer.DEFAULT_LATE_LIMIT_MS;
        HttpDelayServer server = new HttpDelayServer(threads, lateLimitMs);
        System.out.println(PORT_LINE_PREFIX + server.port());
        System.out.flush();
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is sent on stdin; reading only waits for end of file
            }
        } catch (IOException ignored) {
            // parent gone either way
        }
        Runtime.getRuntime().halt(0);
    }
}
