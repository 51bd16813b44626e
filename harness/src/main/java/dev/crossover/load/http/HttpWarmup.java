package dev.crossover.load.http;

import dev.crossover.profile.ProcFs;
import dev.crossover.profile.ProcessTree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Brings a fresh {@link HttpDelayServerProcess} and a fresh client to their steady state before a
 * benchmark measures them: requests in rounds until the CPU one request costs stops falling (the JIT
 * has compiled the hot paths), so what an iteration measures is the JVMs' steady cost, not their
 * interpretation and compilation.
 *
 * <p>The JIT compiles a hot path with C2 only after some thousands of calls, and a round that has just
 * paid for a compilation costs more than the one before it; so the warm-up first sends a minimum of
 * requests (about ten thousand through the server: a fresh server took that many before its CPU per
 * request fell from about 500 µs to about 100 µs), and after that is settled at the first round
 * within {@link #SETTLED_SPREAD} of the round before it (the cheaper of the two), in which the JVM's JIT compiler
 * threads used at most {@link #JIT_QUIET_SHARE} of its CPU: a queue of compilations still draining
 * once the CPU per request looked flat cost a fresh server about 700 ms of CPU a second for the next
 * two seconds, enough to make it lag its timers. The server is warmed with the
 * benchmark's own requests (its timers are the path to compile) from a one-thread event loop (the
 * cheapest client, so the rounds are short); the client under test with its own requests, since its
 * child JVMs (PROCESS) are warmed only through their own sockets.
 *
 * <p>A client's figure leaves out its JVM's JIT compiler threads ({@link #clientCpuNanos}), as the
 * benchmarks' client CPU per request does: compiling is a cost of starting, not of a request. The
 * JDK's {@code HttpClient} keeps its compilers busy for longer than the warm-up may take on one
 * CPU, so a client need not wait for them to go quiet: it is settled, past the minimum, when its last
 * {@link #CLIENT_SETTLED_ROUNDS} rounds lie within {@link #SETTLED_SPREAD} of the cheapest of them.
 */
public final class HttpWarmup {

    /** Past the minimum, a round whose CPU per request is within this share of the round before it (either way) is settled. */
    public static final double SETTLED_SPREAD = 0.2;
    /** Share of a round's CPU the JIT compiler threads may use in a settled round. */
    public static final double JIT_QUIET_SHARE = 0.1;
    /** Requests in flight while the server warms up: at a delay of 10 ms, 10,000 requests in about 1.5 s. */
    static final int SERVER_CONCURRENCY = 64;
    /** Requests in one round of the server's warm-up. */
    static final int SERVER_ROUND = 2_000;
    /** Requests through the server before its warm-up may settle. */
    static final int SERVER_MIN_REQUESTS = 10_000;
    /** Requests in flight while a client warms up, at most (a pool with fewer threads queues the rest). */
    static final int CLIENT_CONCURRENCY = 50;
    /** Requests in one round of a client's warm-up. */
    static final int CLIENT_ROUND = 1_000;
    /**
     * Requests through a client before its warm-up may settle: with its compilers left out of the
     * figure, the JDK clients' CPU per request was flat from about the second round of 1,000.
     */
    static final int CLIENT_MIN_REQUESTS = 3_000;
    /** Rounds of a client's warm-up that must lie within {@link #SETTLED_SPREAD} of the cheapest of them. */
    static final int CLIENT_SETTLED_ROUNDS = 3;

    private HttpWarmup() {
    }

    /**
     * How the CPU per request fell over a warm-up.
     *
     * @param cpuUsPerRequest each round's CPU per request, µs, in order
     * @param requests        requests sent in all
     * @param seconds         wall time of the warm-up
     * @param settled         true when the last rounds, past the minimum, lay within {@link #SETTLED_SPREAD} of the cheapest
     *                        of them; false when the time ran out first
     */
    public record Settling(List<Double> cpuUsPerRequest, long requests, double seconds, boolean settled) {

        public Settling {
            cpuUsPerRequest = List.copyOf(cpuUsPerRequest);
        }

        /** CPU per request of the first round, µs; NaN with no round. */
        public double firstUs() {
            return cpuUsPerRequest.isEmpty() ? Double.NaN : cpuUsPerRequest.getFirst();
        }

        /** CPU per request of the last round, µs; NaN with no round. */
        public double lastUs() {
            return cpuUsPerRequest.isEmpty() ? Double.NaN : cpuUsPerRequest.getLast();
        }

        /** "µs per request by round 812 → 95 → 41 → 38 (settled, 8000 requests, 2.1 s)". */
        public String text() {
            StringBuilder b = new StringBuilder();
            for (double v : cpuUsPerRequest) {
                b.append(b.isEmpty() ? "" : " → ").append(Math.round(v));
            }
            return "µs per request by round " + b + " (" + (settled ? "settled" : "not settled") + ", " + requests + " requests, "
                    + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s)";
        }
    }

    /**
     * Warms {@code server} up with the requests the benchmark will send ({@code delayMs}, {@code bytes}),
     * {@link #SERVER_CONCURRENCY} in flight from a one-thread event loop, for at most {@code maxSeconds}.
     */
    public static Settling server(HttpDelayServerProcess server, int delayMs, int bytes, double maxSeconds)
            throws IOException, InterruptedException {
        HttpTarget target = new HttpTarget(server.port(), delayMs, bytes);
        try (EventLoopHttpClient client = new EventLoopHttpClient(target)) {
            return rounds(client, SERVER_CONCURRENCY, SERVER_ROUND, SERVER_MIN_REQUESTS, maxSeconds, delayMs, server::cpuNanos,
                    () -> ProcFs.AVAILABLE ? ProcFs.jitCompilerCpuNanos(server.pid()) : -1, 2);
        }
    }

    /**
     * Warms {@code client} up with its own requests ({@code delayMs} each), {@link #CLIENT_CONCURRENCY} in
     * flight, for at most {@code maxSeconds}; its CPU is this process tree's without the server's JVM and
     * without this JVM's JIT compiler threads ({@link #clientCpuNanos}; child JVMs' compilers are counted).
     */
    public static Settling client(HttpLoadClient client, HttpDelayServerProcess server, int delayMs, double maxSeconds)
            throws InterruptedException {
        return rounds(client, CLIENT_CONCURRENCY, CLIENT_ROUND, CLIENT_MIN_REQUESTS, maxSeconds, delayMs,
                () -> clientCpuNanos(ProcessTree.sample(), server.cpuNanos(), ownJitNanos()), () -> -1, CLIENT_SETTLED_ROUNDS);
    }

    /** CPU of this JVM's JIT compiler threads, ns; -1 when unreadable. */
    public static long ownJitNanos() {
        return ProcFs.AVAILABLE ? ProcFs.jitCompilerCpuNanos(ProcessHandle.current().pid()) : -1;
    }

    /**
     * The client side's CPU, ns: the process tree's ({@code tree}) less the server's JVM and this JVM's
     * JIT compiler threads ({@code ownJitNanos}, taken as 0 when unreadable); -1 when the tree or the server is unreadable.
     */
    public static long clientCpuNanos(ProcessTree tree, long serverCpuNanos, long ownJitNanos) {
        return tree == null || serverCpuNanos < 0 ? -1 : tree.cpuNanos() - serverCpuNanos - Math.max(0, ownJitNanos);
    }

    /**
     * Rounds of {@code round} requests through {@code client} in a closed loop of {@code concurrency},
     * until, past {@code minRequests}, a round's CPU per request ({@code cpuNanos}, -1 when unreadable)
     * settles (its last {@code flatRounds} rounds within {@link #SETTLED_SPREAD} of the cheapest of them)
     * while the JIT compiler threads ({@code jitNanos}, -1 when unreadable or not watched) stay quiet, or
     * {@code maxSeconds} pass.
     */
    static Settling rounds(HttpLoadClient client, int concurrency, int round, int minRequests, double maxSeconds, int delayMs,
                           LongSupplier cpuNanos, LongSupplier jitNanos, int flatRounds)
            throws InterruptedException {
        if (concurrency < 1 || round < 1 || !(maxSeconds > 0) || flatRounds < 2) {
            throw new IllegalArgumentException("HTTP warm-up: concurrency and round must be >= 1 and maxSeconds > 0, got concurrency="
                    + concurrency + " round=" + round + " maxSeconds=" + maxSeconds + " flatRounds=" + flatRounds + " (at least 2)");
        }
        ClosedLoop loop = new ClosedLoop(client, concurrency);
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (maxSeconds * 1e9);
        long stuckMillis = TimeUnit.SECONDS.toMillis(HttpTarget.REQUEST_TIMEOUT.toSeconds()) + delayMs;
        List<Double> perRequest = new ArrayList<>();
        boolean settled = false;
        long sent = 0;
        try {
            while (!settled && System.nanoTime() < deadline) {
                long c0 = cpuNanos.getAsLong();
                long j0 = jitNanos.getAsLong();
                long done0 = loop.completed();
                for (int i = 0; i < round && System.nanoTime() < deadline; i++) {
                    loop.sendWhenFree(stuckMillis);
                    sent++;
                }
                if (!loop.drain(stuckMillis)) {
                    throw new IllegalStateException("requests still unanswered after " + stuckMillis + " ms");
                }
                Throwable bad = loop.firstFailure();
                if (bad != null) {
                    throw new IllegalStateException("a request failed: " + bad, bad);
                }
                long c1 = cpuNanos.getAsLong();
                long j1 = jitNanos.getAsLong();
                long answered = loop.completed() - done0;
                if (c0 < 0 || c1 < 0 || answered == 0) {
                    break; // no CPU reading, or nothing answered: no figure
                }
                perRequest.add((c1 - c0) / 1_000.0 / answered);
                if (answered < round / 2) {
                    break; // the time ran out within the round: its figure is shown, but compared with none
                }
                int n = perRequest.size();
                boolean jitQuiet = j0 < 0 || j1 < 0 || j1 - j0 <= JIT_QUIET_SHARE * (c1 - c0);
                settled = sent >= minRequests && jitQuiet && flat(perRequest, flatRounds);
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("HTTP warm-up after " + sent + " requests: " + e.getMessage(), e);
        }
        return new Settling(perRequest, sent, (System.nanoTime() - t0) / 1e9, settled);
    }

    /** True when the last {@code rounds} figures lie within {@link #SETTLED_SPREAD} of the smallest of them. */
    static boolean flat(List<Double> perRequest, int rounds) {
        int n = perRequest.size();
        if (n < rounds) {
            return false;
        }
        List<Double> last = perRequest.subList(n - rounds, n);
        double lo = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return hi - lo <= SETTLED_SPREAD * lo;
    }
}
