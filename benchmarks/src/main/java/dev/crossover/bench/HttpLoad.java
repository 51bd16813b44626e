package dev.crossover.bench;

import dev.crossover.load.http.HttpClientKind;
import dev.crossover.load.http.HttpClients;
import dev.crossover.load.http.HttpDelayServer;
import dev.crossover.load.http.HttpDelayServerProcess;
import dev.crossover.load.http.HttpLoadClient;
import dev.crossover.load.http.HttpTarget;
import dev.crossover.load.http.HttpWarmup;
import dev.crossover.profile.ProcessTree;
import dev.crossover.sizing.CpuAffinity;
import dev.crossover.sizing.ServerCpuSplit;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * What the HTTP benchmarks share: the trial's server and client, started and warmed up ({@link Rig}),
 * the open-file check, the server's schedule check, and CPU and memory split between client and server.
 */
final class HttpLoad {

    /** Longest the server's warm-up may take, s; it ends sooner once its CPU per request settles. */
    static final double SERVER_WARMUP_SECONDS = 12;
    /** Longest a client's warm-up may take, s; it ends sooner once its CPU per request settles. */
    static final double CLIENT_WARMUP_SECONDS = 6;
    /** Seconds a trial measures from which its warm-ups get their whole caps (quick's two 0.5 s iterations). */
    static final double WHOLE_WARMUP_FROM_MEASURED_SECONDS = 1.0;

    /**
     * Nice value asked for the server's JVM when it has a CPU of its own: other processes on the machine
     * may run on that CPU too, and a server at their priority ran its timers up to 240 ms late while it
     * used a tenth of the CPU. Refused without {@code CAP_SYS_NICE}; {@code serverNice} says what it got.
     */
    static final int SERVER_NICE = -10;

    /** Open files a JVM needs besides its sockets (jars, pipes, epoll, /proc reads). */
    static final int FILES_BESIDES_SOCKETS = 1_000;

    private HttpLoad() {
    }

    /**
     * The share of the warm-up caps a trial gets: in proportion to the seconds it measures, whole from
     * {@link #WHOLE_WARMUP_FROM_MEASURED_SECONDS}, never below a tenth. A run that only proves the benchmark works
     * (one 200 ms iteration) does not wait 18 s for settled CPU figures; its warm-up then says it did not settle,
     * and its CPU per request does not vote.
     */
    static double warmupShare(BenchmarkParams params) {
        IterationParams m = params.getMeasurement();
        return warmupShare(m.getCount() * m.getTime().convertTo(TimeUnit.MILLISECONDS) / 1_000.0);
    }

    /** {@link #warmupShare(BenchmarkParams)} of a trial measuring {@code measuredSeconds} in all. */
    static double warmupShare(double measuredSeconds) {
        return Math.min(1, Math.max(0.1, measuredSeconds / WHOLE_WARMUP_FROM_MEASURED_SECONDS));
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
    static void checkServerOnTime(String what, HttpDelayServer.Stats s, double serverCpuShare, double maxShare, String placement) {
        if (lagged(s, maxShare)) {
            throw lagFailure(what, s, serverCpuShare, placement, "the latencies of this point are the server's, not the client's");
        }
    }

    /**
     * The open loop's check: a lagging server fails the point only where its lag may decide the point's
     * verdict against {@code boundMs}. Server lateness only adds to a request's latency, so a p99 within
     * the bound holds with the lag in it. A request meets the server's event loop three times (read,
     * timer, write), each late by at most what its latest timer was ({@code lateMaxMicros}, the loop's
     * longest stall while timers were due), so a p99 over the bound by more than three times that is
     * over it whatever the server did. Either way the lag is recorded beside the point.
     */
    static void checkServerOnTime(String what, HttpDelayServer.Stats s, double serverCpuShare, double maxShare, String placement,
                                  double p99Ms, double boundMs) {
        double serverMs = SERVER_PASSES * s.lateMaxMicros() / 1_000.0;
        if (lagged(s, maxShare) && !(p99Ms <= boundMs) && !(p99Ms - serverMs > boundMs)) {
            throw lagFailure(what, s, serverCpuShare, placement, "the client's p99 of " + String.format(java.util.Locale.ROOT, "%.1f", p99Ms)
                    + " ms is over the " + String.format(java.util.Locale.ROOT, "%.0f", boundMs) + " ms bound by no more than the "
                    + String.format(java.util.Locale.ROOT, "%.1f", serverMs) + " ms the server's lag may have added");
        }
    }

    /** Times a request meets the server's event loop: its read, its timer and its write. */
    static final int SERVER_PASSES = 3;

    private static boolean lagged(HttpDelayServer.Stats s, double maxShare) {
        return s.served() > 0 && s.late() >= MIN_LATE_TIMERS && s.late() > maxShare * s.served();
    }

    private static IllegalStateException lagFailure(String what, HttpDelayServer.Stats s, double serverCpuShare, String placement,
                                                   String consequence) {
        return new IllegalStateException(what + ": the HTTP delay server lagged its schedule (server lagged, not client saturated): "
                + s.late() + " of " + s.served() + " timers ran more than " + s.lateLimitMicros() / 1_000.0 + " ms late (worst "
                + s.lateMaxMicros() / 1_000.0 + " ms) while it used " + String.format(java.util.Locale.ROOT, "%.2f", serverCpuShare)
                + " CPU seconds per second on " + s.threads() + " event loop(s), " + placement + "; " + consequence + ". Run on an idle "
                + "machine (other processes may use the server's CPU), with more cores, or at a lower -p rate/concurrency.");
    }

    /**
     * One trial's server (its own JVM) and client, both warmed up to their steady CPU per request
     * ({@link HttpWarmup}) before any iteration, so that neither an unwarmed server nor a client's JIT
     * compilation is what the iterations measure. The client's idle memory is taken after its warm-up.
     *
     * <p>With two CPUs or more the server has one of its own ({@link ServerCpuSplit}): its JVM is bound
     * to the last CPU from its start and runs one event loop, and this JVM (the client and whatever it
     * starts: PROCESS children) is bound to the others and sizes its pools by them, so the clients cannot
     * starve the server. The server also asks for nice {@value #SERVER_NICE}, against other processes on its
     * CPU. Every client gets the same CPUs. With one CPU both share it at the same priority, as before.
     * {@link #close()} gives this JVM its CPUs back.
     */
    static final class Rig implements AutoCloseable {
        final ServerCpuSplit cpus;
        final HttpDelayServerProcess server;
        final HttpLoadClient http;
        final int formula;
        final double computeMicros;
        final HttpWarmup.Settling serverWarmup;
        final HttpWarmup.Settling clientWarmup;
        final long idleClientKb;

        private Rig(ServerCpuSplit cpus, HttpDelayServerProcess server, HttpLoadClient http, int formula, double computeMicros,
                    HttpWarmup.Settling serverWarmup, HttpWarmup.Settling clientWarmup, long idleClientKb) {
            this.cpus = cpus;
            this.server = server;
            this.http = http;
            this.formula = formula;
            this.computeMicros = computeMicros;
            this.serverWarmup = serverWarmup;
            this.clientWarmup = clientWarmup;
            this.idleClientKb = idleClientKb;
        }

        /**
         * Starts and warms up the server and a {@code client} asking {@code GET /delay?ms=delayMs&bytes=bytes};
         * stops both and gives this JVM its CPUs back on failure.
         */
        static Rig start(String benchmark, HttpClientKind client, int delayMs, int bytes, double warmupShare) throws Exception {
            ServerCpuSplit cpus = ServerCpuSplit.plan(Bench.BUDGET);
            HttpDelayServerProcess server = null;
            HttpLoadClient http = null;
            try {
                server = HttpDelayServerProcess.start(cpus.serverCores(), lateLimitMs(delayMs), cpus.serverCpus(),
                        cpus.isSplit() ? SERVER_NICE : null);
                BitSet serverHas = server.cpus();
                if (cpus.isSplit() && serverHas != null && !serverHas.equals(cpus.serverCpus())) {
                    throw new IllegalStateException(benchmark + ": the HTTP delay server was to run on CPU "
                            + CpuAffinity.list(cpus.serverCpus()) + " alone but the kernel lists CPUs " + CpuAffinity.list(serverHas)
                            + " for it; is another cpuset or affinity tool changing it?");
                }
                cpus.bindClients();
                HttpWarmup.Settling serverWarmup = HttpWarmup.server(server, delayMs, bytes, SERVER_WARMUP_SECONDS * warmupShare);
                HttpTarget target = new HttpTarget(server.port(), delayMs, bytes);
                double computeMicros = HttpClients.measureComputeMicros(target);
                int cores = cpus.clientCores();
                int formula = HttpClients.formula(cores, delayMs, computeMicros);
                http = HttpClients.start(client, target, cores, formula);
                HttpWarmup.Settling clientWarmup = HttpWarmup.client(http, server, delayMs, CLIENT_WARMUP_SECONDS * warmupShare);
                System.out.println(benchmark + " " + client + ": " + cpus.describe() + ", server at nice " + server.nice() + "; server warm-up " + serverWarmup.text()
                        + "; client warm-up " + clientWarmup.text());
                return new Rig(cpus, server, http, formula, computeMicros, serverWarmup, clientWarmup, clientKb(server));
            } catch (Throwable e) {
                try {
                    if (http != null) {
                        http.close();
                    }
                } finally {
                    try {
                        if (server != null) {
                            server.close();
                        }
                    } finally {
                        cpus.restore();
                    }
                }
                throw e;
            }
        }

        /** The server's CPU, -1 when it shares the clients' ({@code serverCpu} of the benchmarks' counters). */
        double serverCpu() {
            return cpus.serverCpu();
        }

        /** Where server and clients ran: "server on CPU 1 alone, clients on CPU(s) 0 (sized for 1 core(s)), server at nice -10". */
        String placement() {
            return cpus.describe() + ", server at nice " + server.nice();
        }

        /** The server JVM's nice value ({@code serverNice} of the benchmarks' counters), NaN where unreadable. */
        double serverNice() {
            int n = server.nice();
            return n == Integer.MIN_VALUE ? Double.NaN : n;
        }

        /** CPUs the client side may use, -1 when unknown ({@code clientCpus} of the benchmarks' counters). */
        double clientCpus() {
            BitSet c = cpus.clientCpus();
            return c == null ? -1 : c.cardinality();
        }

        /** Stops the client (its threads and child JVMs), then the server's JVM, and gives this JVM its CPUs back. */
        @Override
        public void close() {
            try {
                http.close();
            } finally {
                try {
                    server.close();
                } finally {
                    cpus.restore();
                }
            }
        }
    }

    /** Memory of the client side: the process tree (this JVM and its children) without the server's JVM, kB. */
    static long clientKb(HttpDelayServerProcess server) {
        ProcessTree t = ProcessTree.sample();
        return t == null ? -1 : t.memoryKb() - Math.max(0, server.memoryKb());
    }

    /** CPU of the process tree and of the server at one instant. */
    record Marks(long nanoTime, long treeCpuNanos, long serverCpuNanos, long jitNanos, long clientKb) {

        static Marks take(HttpDelayServerProcess server) {
            ProcessTree t = ProcessTree.sample();
            long serverCpu = server.cpuNanos();
            long serverKb = server.memoryKb();
            return new Marks(System.nanoTime(), t == null ? -1 : t.cpuNanos(), serverCpu, HttpWarmup.ownJitNanos(),
                    t == null ? -1 : t.memoryKb() - Math.max(0, serverKb));
        }

        double secondsTo(Marks end) {
            return (end.nanoTime - nanoTime) / 1e9;
        }

        double serverCpuMicrosTo(Marks end) {
            return serverCpuNanos < 0 ? Double.NaN : (end.serverCpuNanos - serverCpuNanos) / 1_000.0;
        }

        /** The client side's CPU, µs: the process tree's less the server's JVM and this JVM's JIT compiler threads. */
        double clientCpuMicrosTo(Marks end) {
            return treeCpuNanos < 0 ? Double.NaN
                    : ((end.treeCpuNanos - treeCpuNanos) - (end.serverCpuNanos - serverCpuNanos)) / 1_000.0 - jitMicrosTo(end);
        }

        /**
         * CPU of this JVM's JIT compiler threads, µs; 0 when unreadable, and never below 0 (a compiler
         * thread that ended takes its CPU with it).
         */
        double jitMicrosTo(Marks end) {
            return jitNanos < 0 || end.jitNanos < 0 ? 0 : Math.max(0, end.jitNanos - jitNanos) / 1_000.0;
        }
    }
}
