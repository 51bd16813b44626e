package dev.crossover.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a {@link DelayServer} in a child JVM (this JVM's {@code java} and class path) and stops it
 * on {@link #close()}. Benchmarks start one in their trial setup and close it in teardown; the child
 * also exits by itself when this JVM dies, since its stdin is its lifeline.
 */
public final class DelayServerProcess implements AutoCloseable {

    /** Options of the server JVM: small heap, serial GC; it holds sockets, not data. */
    public static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC");

    private static final int STDERR_LINES = 20;

    private final Process process;
    private final int port;
    private final ArrayDeque<String> stderrTail;
    private Socket statsSocket; // guarded by this

    private DelayServerProcess(Process process, int port, ArrayDeque<String> stderrTail) {
        this.process = process;
        this.port = port;
        this.stderrTail = stderrTail;
    }

    /**
     * Starts the server with a default delay of {@code defaultDelayMicros} and returns once it
     * listens; fails (and kills the child) if it has not said its port within 30 seconds.
     */
    public static DelayServerProcess start(long defaultDelayMicros) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DelayServerMain.class.getName());
        cmd.add(Long.toString(defaultDelayMicros));
        Process p = new ProcessBuilder(cmd).start();
        ArrayDeque<String> tail = new ArrayDeque<>();
        CompletableFuture<Integer> portFuture = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("delay-server-stdout").start(() -> {
            try (BufferedReader r = reader(p.getInputStream())) {
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
        Thread.ofPlatform().daemon().name("delay-server-stderr").start(() -> {
            try (BufferedReader r = reader(p.getErrorStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        tail.add(line);
                        if (tail.size() > STDERR_LINES) {
                            tail.poll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // child gone
            }
        });
        int port;
        try {
            port = portFuture.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            kill(p);
            synchronized (tail) {
                throw new IOException("delay server child (pid " + p.pid() + ", " + cmd + ") did not start: " + e
                        + (tail.isEmpty() ? "" : "; its stderr:\n  " + String.join("\n  ", tail)), e);
            }
        }
        return new DelayServerProcess(p, port, tail);
    }

    /** The loopback port the server listens on. */
    public int port() {
        return port;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
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
        return process.isAlive();
    }

    /** The last lines the child wrote on stderr. */
    public List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    /** Stops the child (closes its lifeline, then destroy) and waits until it is gone. */
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
        kill(process);
    }

    private static void kill(Process p) {
        try {
            p.getOutputStream().close(); // the lifeline: the child halts on end of file
        } catch (IOException ignored) {
            // destroyed below anyway
        }
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
