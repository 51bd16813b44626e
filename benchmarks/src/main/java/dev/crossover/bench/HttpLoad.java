package dev.crossover.bench;

import dev.crossover.load.http.HttpClientKind;
import dev.crossover.load.http.HttpClients;
import dev.crossover.load.http.HttpDelayServer;
import dev.crossover.load.http.HttpDelayServerProcess;
import dev.crossover.load.http.HttpLoadClient;
import dev.crossover.load.http.HttpTarget;
import dev.crossover.load.http.HttpWarmup;
import dev.crossover.profile.ProcessTree;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * What the HTTP benchmarks share: the trial's server and client, started and warmed up ({@link Rig}),
 * the open-file check, the server's schedule check, and CPU and memory split between client and server.
 */
final class HttpLoad {

    /** Longest the server's warm-up may take, s; it ends sooner once its CPU per request settles. */
    static final double SERVER_WARMUP_SECONDS = 12;
    /** Longest a client's warm-up may take, s; it ends sooner once its CPU per request settles. */
    static final double CLIENT_WARMUP_SECONDS = 6;

    /** Open files a JVM needs besides its sockets (jars, pipes, epoll, /proc reads). */
    static final int FILES_BESIDES_SOCKETS = 1_000;

    private HttpLoad() {
    }

    /**
     * Refuses a run whose requests in flight the open-file limit cannot carry: the server holds one
     * socket per request in flight and the client side as many.
     */
    static void checkOpenFiles(String benchmark, int inFlight) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long limit = os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
        long need = (long) inFlight + FILES_BESIDES_SOCKETS;
        if (limit >= 0 && limit < need) {
            throw new IllegalStateException(benchmark + " may hold " + inFlight + " requests in flight, one socket each in the server's JVM "
                    + "and as many on the client side, so each JVM needs about " + need + " open files, but the limit is " + limit
                    + " (ulimit -n). Raise it in the shell that starts the run (ulimit -n 20000; for a service, LimitNOFILE=20000) "
                    + "or lower -p concurrency.");
        }
    }

    /**
     * The server's lateness limit for a delay: the delay itself (a timer that late has doubled the
     * request's wait), at least {@link HttpDelayServer#DEFAULT_LATE_LIMIT_MS}.
     */
    static long lateLimitMs(int delayMs) {
        return Math.max(HttpDelayServer.DEFAULT_LATE_LIMIT_MS, delayMs);
    }

    /** Late timers below which one iteration never fails: a few descheduled moments are no schedule lag. */
    static final int MIN_LATE_TIMERS = 10;

    /**
     * Fails loudly when more than {@code maxShare} of the server's timers, and at least {@link
     * #MIN_LATE_TIMERS}, ran later than its limit.
     */
    static void checkServerOnTime(String what, HttpDelayServer.Stats s, double serverCpuShare, double maxShare) {
        if (s.served() > 0 && s.late() >= MIN_LATE_TIMERS && s.late() > maxShare * s.served()) {
            throw new IllegalStateException(what + ": the HTTP delay server lagged its schedule: " + s.late() + " of " + s.served()
                    + " timers ran more than " + s.lateLimitMicros() / 1_000.0 + " ms late (worst " + s.lateMaxMicros() / 1_000.0 + " ms) while it used "
                    + String.format("%.2f", serverCpuShare) + " CPU seconds per second on " + s.threads() + " event loops; the latencies of "
                    + "this point are the server's, not the client's. Run on an idle machine, with more cores, or at a lower -p rate/concurrency.");
        }
    }

    /**
     * One trial's server (its own JVM, {@code cores} event loops) and client, both warmed up to their
     * steady CPU per request ({@link HttpWarmup}) before any iteration, so that neither an unwarmed
     * server nor a client's JIT compilation is what the iterations measure. The client's idle memory
     * is taken after its warm-up.
     */
    static final class Rig implements AutoCloseable {
        final HttpDelayServerProcess server;
        final HttpLoadClient http;
        final int formula;
        final double computeMicros;
        final HttpWarmup.Settling serverWarmup;
        final HttpWarmup.Settling clientWarmup;
        final long idleClientKb;

        private Rig(HttpDelayServerProcess server, HttpLoadClient http, int formula, double computeMicros,
                    HttpWarmup.Settling serverWarmup, HttpWarmup.Settling clientWarmup, long idleClientKb) {
            this.server = server;
            this.http = http;
            this.formula = formula;
            this.computeMicros = computeMicros;
            this.serverWarmup = serverWarmup;
            this.clientWarmup = clientWarmup;
            this.idleClientKb = idleClientKb;
        }

        /** Starts and warms up the server and a {@code client} asking {@code GET /delay?ms=delayMs&bytes=bytes}; stops both on failure. */
        static Rig start(String benchmark, HttpClientKind client, int delayMs, int bytes) throws Exception {
            HttpDelayServerProcess server = null;
            HttpLoadClient http = null;
            try {
                int cores = Bench.BUDGET.cores();
                server = HttpDelayServerProcess.start(cores, lateLimitMs(delayMs));
                HttpWarmup.Settling serverWarmup = HttpWarmup.server(server, delayMs, bytes, SERVER_WARMUP_SECONDS);
                HttpTarget target = new HttpTarget(server.port(), delayMs, bytes);
                double computeMicros = HttpClients.measureComputeMicros(target);
                int formula = HttpClients.formula(cores, delayMs, computeMicros);
                http = HttpClients.start(client, target, cores, formula);
                HttpWarmup.Settling clientWarmup = HttpWarmup.client(http, server, delayMs, CLIENT_WARMUP_SECONDS);
                System.out.println(benchmark + " " + client + ": server warm-up " + serverWarmup.text() + "; client warm-up "
                        + clientWarmup.text());
                return new Rig(server, http, formula, computeMicros, serverWarmup, clientWarmup, clientKb(server));
            } catch (Throwable e) {
                try {
                    if (http != null) {
                        http.close();
                    }
                } finally {
                    if (server != null) {
                        server.close();
                    }
                }
                throw e;
            }
        }

        /** Stops the client (its threads and child JVMs), then the server's JVM. */
        @Override
        public void close() {
            try {
                http.close();
            } finally {
                server.close();
            }
        }
    }

    /** Memory of the client side: the process tree (this JVM and its children) without the server's JVM, kB. */
    static long clientKb(HttpDelayServerProcess server) {
        ProcessTree t = ProcessTree.sample();
        return t == null ? -1 : t.memoryKb() - Math.max(0, server.memoryKb());
    }

    /** CPU of the process tree and of the server at one instant. */
    record Marks(long nanoTime, long treeCpuNanos, long serverCpuNanos, long clientKb) {

        static Marks take(HttpDelayServerProcess server) {
            ProcessTree t = ProcessTree.sample();
            long serverCpu = server.cpuNanos();
            long serverKb = server.memoryKb();
            return new Marks(System.nanoTime(), t == null ? -1 : t.cpuNanos(), serverCpu,
                    t == null ? -1 : t.memoryKb() - Math.max(0, serverKb));
        }

        double secondsTo(Marks end) {
            return (end.nanoTime - nanoTime) / 1e9;
        }

        double serverCpuMicrosTo(Marks end) {
            return serverCpuNanos < 0 ? Double.NaN : (end.serverCpuNanos - serverCpuNanos) / 1_000.0;
        }

        double clientCpuMicrosTo(Marks end) {
            return treeCpuNanos < 0 ? Double.NaN : ((end.treeCpuNanos - treeCpuNanos) - (end.serverCpuNanos - serverCpuNanos)) / 1_000.0;
        }
    }
}
