package dev.crossover.load.http;

import dev.crossover.profile.ProcFs;
import dev.crossover.sizing.CpuBudget;
import dev.crossover.sizing.Niceness;
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
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts an {@link HttpDelayServer} in a child JVM ({@link ChildJvm}: this JVM's {@code java}, class
 * path and flags) and stops it on {@link #close()}; the child also exits when this JVM dies, since
 * its stdin is its lifeline. Reads the server's own counters ({@link #takeStats()}) and CPU time
 * ({@link #cpuNanos()}, from {@code /proc}), so a benchmark can show the server was never the limit.
 */
public final class HttpDelayServerProcess implements AutoCloseable {

    /**
     * The server JVM's own flags for {@code threads} event loops: it sizes its GC and compiler threads to
     * the event loops it was given, not to the whole machine; and it compiles with C1 only
     * ({@code -XX:TieredStopAtLevel=1}). With C2, a server whose warm-up had settled (64 requests in flight)
     * compiled again as soon as the load changed shape (an open loop at 200/s): its compiler threads took
     * 0.14–0.63 CPU seconds a second for the next five seconds, on the CPU its event loop needed, and the
     * event loop ran late. C1 code, compiled once, stays: after warm-up its compiler used no CPU in the same
     * test, the warm-up settled in 3 s instead of 7–12 s, and a request cost about the same (65 against 55 µs
     * of CPU at 64 in flight).
     */
    static final java.util.function.IntFunction<List<String>> SERVER_FLAGS = threads -> List.of("-XX:ActiveProcessorCount=" + threads,
            "-XX:TieredStopAtLevel=1");

    private final ChildJvm.Child child;
    private final int port;

    private HttpDelayServerProcess(ChildJvm.Child child, int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts the server with {@code threads} event loops and the default lateness limit. */
    public static HttpDelayServerProcess start(int threads) throws IOException {
        return start(threads, HttpDelayServer.DEFAULT_LATE_LIMIT_MS);
    }

    /**
     * Starts the server with {@code threads} event loops, counting timers later than {@code lateLimitMs}
     * as late; returns once it listens (at most 30 s, else the child is killed).
     */
    public static HttpDelayServerProcess start(int threads, long lateLimitMs) throws IOException {
        return start(threads, lateLimitMs, null);
    }

    /**
     * Starts the server as {@link #start(int, long)} does, bound to {@code cpus} (every thread of its
     * JVM, from its start: {@link ChildJvm.Launcher#cpus}); null leaves it on the CPUs of the caller.
     */
    public static HttpDelayServerProcess start(int threads, long lateLimitMs, BitSet cpus) throws IOException {
        return start(threads, lateLimitMs, cpus, null);
    }

    /**
     * Starts the server as {@link #start(int, long, BitSet)} does, at nice value {@code nice} (null: the
     * caller's); where raising the priority is refused it runs at the caller's, and {@link #nice()} says which.
     */
    public static HttpDelayServerProcess start(int threads, long lateLimitMs, BitSet cpus, Integer nice) throws IOException {
        ChildJvm.Child child = ChildJvm.launcher(HttpDelayServerMain.class).name("http-delay-server").cpus(cpus).nice(nice)
                .jvmOptions(SERVER_FLAGS.apply(threads)).args(Integer.toString(threads), Long.toString(lateLimitMs)).start();
        CompletableFuture<Integer> portFuture = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("http-delay-server-stdout").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!portFuture.isDone() && line.startsWith(HttpDelayServerMain.PORT_LINE_PREFIX)) {
                        portFuture.complete(Integer.parseInt(line.substring(HttpDelayServerMain.PORT_LINE_PREFIX.length()).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                portFuture.completeExceptionally(e);
            }
            portFuture.completeExceptionally(new IOException("HTTP delay server closed its stdout before saying its port"));
        });
        try {
            return new HttpDelayServerProcess(child, portFuture.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            child.close();
            List<String> tail = child.finalStderrTail(Duration.ofSeconds(1));
            throw new IOException("HTTP delay server child (" + child + ", " + child.command() + ") did not start: " + e
                    + (tail.isEmpty() ? "" : "; its stderr:\n  " + String.join("\n  ", tail)), e);
        }
    }

    /** The loopback port. */
    public int port() {
        return port;
    }

    /** The child's process id. */
    public long pid() {
        return child.pid();
    }

    /**
     * The CPUs the server's JVM may run on, as the kernel reports them for its main thread ({@code
     * Cpus_allowed_list} of {@code /proc/PID/status}); null where {@code /proc} is missing or it is gone.
     */
    public BitSet cpus() {
        String list = ProcFs.AVAILABLE ? ProcFs.cpusAllowed(pid(), pid()) : null;
        return list == null ? null : CpuBudget.cpuSet(list);
    }

    /** The nice value of the server's JVM, {@link Integer#MIN_VALUE} where unreadable. */
    public int nice() {
        return Niceness.ofProcess(pid());
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /** User plus system CPU time of the server's JVM so far, ns; -1 where {@code /proc} is missing. */
    public long cpuNanos() {
        return ProcFs.AVAILABLE ? ProcFs.cpuNanos(pid()) : -1;
    }

    /** Proportional set size of the server's JVM, kB (resident set size when PSS is unreadable); -1 where unknown. */
    public long memoryKb() {
        if (!ProcFs.AVAILABLE) {
            return -1;
        }
        long pss = ProcFs.pssKb(pid());
        return pss > 0 ? pss : ProcFs.rssKb(pid());
    }

    /** The server's counters since the previous call, over a connection of its own. */
    public HttpDelayServer.Stats takeStats() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /stats HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int body = reply.indexOf("\r\n\r\n");
            if (!reply.startsWith("HTTP/1.1 200") || body < 0) {
                throw new IOException("HTTP delay server (pid " + pid() + ") answered /stats with: " + reply
                        + "; its stderr: " + child.stderrTail());
            }
            return HttpDelayServer.Stats.parse(reply.substring(body + 4));
        }
    }

    /** The last lines the child wrote on stderr. */
    public List<String> stderrTail() {
        return child.stderrTail();
    }

    /** Stops the child (closes its lifeline, then SIGTERM, then SIGKILL) and waits until it is gone. */
    @Override
    public void close() {
        child.destroy(Duration.ofSeconds(2));
    }
}
