package dev.crossover.load;

import dev.crossover.workers.ChildJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a {@link DelayServer} in a child JVM ({@link ChildJvm}: this JVM's {@code java}, class path,
 * GC, heap and flags) and stops it on {@link #close()}. Benchmarks start one in their trial setup and
 * close it in teardown; the child also exits by itself when this JVM dies, since its stdin is its
 * lifeline.
 */
public final class DelayServerProcess implements AutoCloseable {

    private final ChildJvm.Child child;
    private final int port;
    private Socket statsSocket; // guarded by this

    private DelayServerProcess(ChildJvm.Child child, int port) {
        this.child = child;
        this.port = port;
    }

    /**
     * Starts the server with a default delay of {@code defaultDelayMicros} and returns once it
     * listens; fails (and kills the child) if it has not said its port within 30 seconds.
     */
    public static DelayServerProcess start(long defaultDelayMicros) throws IOException {
        ChildJvm.Child child = ChildJvm.launcher(DelayServerMain.class).name("delay-server")
                .args(Long.toString(defaultDelayMicros)).start();
        CompletableFuture<Integer> portFuture = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("delay-server-stdout").start(() -> {
            try (BufferedReader r = reader(child.stdout())) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!portFuture.isDone() && line.startsWith(DelayProtocol.PORT_LINE_PREFIX)) {
                        portFuture.complete(Integer.parseInt(line.substring(DelayProtocol.PORT_LINE_PREFIX.length()).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                portFuture.completeExceptionally(e);
            }
            portFuture.completeExceptionally(new IOException("delay server closed its stdout before saying its port"));
        });
        int port;
        try {
            port = portFuture.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            child.close();
            List<String> tail = child.finalStderrTail(Duration.ofSeconds(1));
            throw new IOException("delay server child (" + child + ", " + child.command() + ") did not start: " + e
                    + (tail.isEmpty() ? "" : "; its stderr:\n  " + String.join("\n  ", tail)), e);
        }
        return new DelayServerProcess(child, port);
    }

    /** The loopback port the server listens on. */
    public int port() {
        return port;
    }

    /** The child's process id. */
    public long pid() {
        return child.pid();
    }

    /**
     * The most requests the server held waiting at one time since the previous call (or since it
     * started), and a new window from now: the concurrency that really reached the server,
     * whatever the client's executor promised. Asked over a connection of its own.
     */
    public synchronized long takeHeldPeak() throws IOException {
        if (statsSocket == null) {
            statsSocket = new Socket(InetAddress.getLoopbackAddress(), port);
            statsSocket.setTcpNoDelay(true);
            statsSocket.setSoTimeout(30_000);
        }
        byte[] frame = new byte[DelayProtocol.REQUEST_BYTES];
        DelayProtocol.putRequest(frame, 0, DelayProtocol.HELD_PEAK);
        OutputStream out = statsSocket.getOutputStream();
        out.write(frame);
        out.flush();
        byte[] reply = statsSocket.getInputStream().readNBytes(DelayProtocol.REPLY_BYTES);
        if (reply.length < DelayProtocol.REPLY_BYTES) {
            throw new IOException("delay server (pid " + pid() + ") closed the statistics connection; its stderr: " + stderrTail());
        }
        return DelayProtocol.replyToken(reply);
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /** The last lines the child wrote on stderr. */
    public List<String> stderrTail() {
        return child.stderrTail();
    }

    /** Stops the child (closes its lifeline, then SIGTERM, then SIGKILL) and waits until it is gone. */
    @Override
    public void close() {
        synchronized (this) {
            if (statsSocket != null) {
                try {
                    statsSocket.close();
                } catch (IOException ignored) {
                    // the server goes below anyway
                }
                statsSocket = null;
            }
        }
        child.destroy(Duration.ofSeconds(2));
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
