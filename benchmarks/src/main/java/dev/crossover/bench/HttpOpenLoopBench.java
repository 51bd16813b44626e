package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.http.HttpClientKind;
import dev.crossover.load.http.HttpDelayServer;
import dev.crossover.load.http.OpenLoop;
import dev.crossover.run.QuickGrid;
import dev.crossover.run.SetupCost;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Blocking against non-blocking HTTP under open-loop load: at a fixed arrival rate, what latency
 * (from each request's intended start) does each client give, and at which rate does it saturate?
 *
 * <p>Serves X7 (the rate at which non-blocking clients and virtual threads pull away from the best
 * blocking pool at the same p99 bound, and where the event loop's CPU per request falls below virtual
 * threads'), C13 (a thread pool suits fetching many URLs, on real HTTP), C14 (the program, not the OS,
 * schedules: the event loop and virtual threads) and C24 (blocking vs non-blocking callers).
 *
 * <p>The server is an {@link dev.crossover.load.http.HttpDelayServerProcess} (Netty, its own JVM). With
 * two CPUs or more it runs alone on the last CPU, with one event loop, and this JVM and its children
 * on the others, so that no client can starve it ({@link HttpLoad.Rig}); {@code cores} below is then
 * the clients' CPUs, the budget less one. With one CPU, server ({@code cores} event loops) and client
 * share it. Every client asks the same {@code GET /delay?ms=delayMs&bytes=bytes} and checks status and body
 * size. Clients ({@link HttpClientKind}): blocking {@code HttpClient.send} on a pool of {@code cores}
 * threads, on a pool of the blocking formula's size {@code cores × (1 + delay/compute)} (compute: this
 * JVM's CPU per request, measured at setup), on a virtual thread per request, in {@code cores} child
 * JVMs × formula ÷ cores threads; {@code sendAsync}; a one-thread NIO selector loop. Connections are
 * alike for all: HTTP/1.1 kept alive, one connection per request in flight, reused when idle, no cap,
 * no pipelining; the server counts what it accepted ({@code connectionsOpened}).
 *
 * <p>The benchmark thread paces ({@link OpenLoop}): each call waits for the next intended start
 * ({@code rate} per second, a new schedule each iteration) and hands the request over without
 * waiting for its answer, so the score is the arrival rate kept (≈ {@code rate}). Latencies go into
 * an HdrHistogram; at most {@link #MAX_OUTSTANDING} requests may wait for an answer, beyond which
 * requests are refused and counted. Per iteration ({@code @AuxCounters}; read each iteration in
 * {@code rawData}): {@code p50Ms}, {@code p99Ms}, {@code p999Ms}, {@code maxMs}; {@code
 * completedPerSec}; {@code failed}, {@code refused}, {@code unfinished} (waiting at the iteration's
 * end after a grace of twice the delay); {@code clientCpuUsPerReq} (CPU of the process tree minus the
 * server's JVM and minus this JVM's JIT compiler threads, per answered request: compiling is a cost of
 * starting, not of a request) and {@code clientJitCpuUsPerReq} (what those compiler threads used, per
 * answered request, so a reader sees how much compiling was left); {@code serverCpuUsPerReq} and {@code serverCpuShare} (the
 * server's CPU seconds per second: it must stay far from its event-loop count);
 * {@code serverLateMaxMs} and {@code serverLateShare} (share of its timers later than the delay, at least 5 ms);
 * {@code memPerInFlightKb} (the client side's PSS growth over its idle PSS at setup, divided by the
 * mean requests in flight, rate × mean latency); {@code waitingThreads}, {@code formula}, {@code
 * computeMicros}, {@code connectionsOpened}, {@code issueLagMaxMs}; and from the trial's warm-up
 * ({@link HttpLoad.Rig}: the fresh server JVM, then the client, each in rounds of requests until its CPU
 * per request stops falling) {@code serverColdCpuUsPerReq} and {@code serverWarmedCpuUsPerReq} (first
 * and last round), {@code clientColdCpuUsPerReq}, {@code clientWarmedCpuUsPerReq}, {@code
 * serverWarmupSettled} and {@code clientWarmupSettled} (1 when it settled; the claims compare client
 * CPU per request only then); {@code serverCpu} (the CPU the server had to itself, -1 when it shared
 * the clients'), {@code clientCpus} (how many CPUs the client side had) and {@code serverNice} (the server
 * JVM's nice value: -10 when it has a CPU of its own and may raise its priority, else 0).
 *
 * <p>The server must never be the limit: an iteration in which more than {@link #SERVER_LATE_SHARE}
 * of its timers (and at least 10) ran later than the delay (at least 5 ms), and the client's p99 is over
 * the bound ({@link #P99_BOUND_FACTOR} × the delay) by no more than the lag may have added (three
 * times the latest timer: read, timer, write), fails the benchmark, with the server's CPU beside it.
 * A p99 within the bound holds with the server's lateness in it, and one over it by more is the
 * client's; {@code serverLateShare} and {@code serverLateMaxMs} record the lag either way.
 *
 * <p>Expected: {@code FIXED_CORES} saturates near cores ÷ delay (100/s at 10 ms on one client CPU);
 * the others hold p99 near the delay until the client's CPUs run out (about 1 ms of CPU per request
 * for the JDK's {@code HttpClient}, so below 1,000/s per client CPU); the event loop spends the least
 * CPU per request and goes furthest.
 *
 * <p>The quick preset runs {@code FIXED_FORMULA}, {@code VIRTUAL} and {@code EVENT_LOOP} at 1,000 requests/s
 * ({@link QuickGrid}): their p99, saturation and CPU per request side by side at one rate, without the
 * pull-away, which needs two rates and 5,000/s on a 2-core machine; full runs every client and rate.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar HttpOpenLoopBench -p rate=200,2000 -f 1}
 */
@SetupCost(seconds = 9.5, what = "starting the HTTP server's JVM and warming server and client up until their CPU per request settles")
@Serves({"C13", "C14", "C24", "X7"})
@QuickGrid({"client=FIXED_FORMULA,VIRTUAL,EVENT_LOOP", "rate=1000"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(2)
public class HttpOpenLoopBench {

    /** Requests that may wait for an answer at once; beyond it requests are refused (and counted). */
    static final int MAX_OUTSTANDING = 5_000;
    /** Share of the server's timers that may run later than the delay (at least 5 ms) before the benchmark fails. */
    static final double SERVER_LATE_SHARE = 0.01;
    /** The p99 bound a client is judged against, as a multiple of the delay; X7 reads the same bound. */
    static final double P99_BOUND_FACTOR = 5;

    /** The server, the client and the pacer. */
    @State(Scope.Benchmark)
    public static class Load {
        @Param({"FIXED_CORES", "FIXED_FORMULA", "VIRTUAL", "PROCESS", "ASYNC", "EVENT_LOOP"})
        public HttpClientKind client;
        @Param({"200", "1000", "5000"})
        public int rate;
        @Param({"10"})
        public int delayMs;
        @Param({"256"})
        public int bytes;

        HttpLoad.Rig rig;
        OpenLoop loop;
        /** Share of late timers that fails the benchmark; tests of the mechanics raise it, since their machine may be busy. */
        double serverLateShareLimit = SERVER_LATE_SHARE;

        /** The share of the warm-up caps this trial gets ({@link HttpLoad#warmupShare}); tests of the mechanics take all. */
        double warmupShare = 1;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) throws Exception {
            Bench.requireOneThread(params, "HttpOpenLoopBench");
            warmupShare = HttpLoad.warmupShare(params);
            begin();
        }

        /** The trial's setup after the thread check. */
        void begin() throws Exception {
            HttpLoad.checkOpenFiles("HttpOpenLoopBench", MAX_OUTSTANDING);
            rig = HttpLoad.Rig.start("HttpOpenLoopBench", client, delayMs, bytes, warmupShare);
            loop = new OpenLoop(rig.http, rate, MAX_OUTSTANDING);
        }

        @TearDown(Level.Trial)
        public void end() {
            if (rig != null) {
                rig.close();
                rig = null;
            }
        }
    }

    /** What one iteration saw (see the class comment). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Observed {
        public double p50Ms;
        public double p99Ms;
        public double p999Ms;
        public double maxMs;
        public double completedPerSec;
        public double failed;
        public double refused;
        public double unfinished;
        public double clientCpuUsPerReq;
        public double clientJitCpuUsPerReq;
        public double serverCpuUsPerReq;
        public double serverCpuShare;
        public double serverLateMaxMs;
        public double serverLateShare;
        public double memPerInFlightKb;
        public double waitingThreads;
        public double formula;
        public double serverColdCpuUsPerReq;
        public double serverWarmedCpuUsPerReq;
        public double clientColdCpuUsPerReq;
        public double clientWarmedCpuUsPerReq;
        public double serverWarmupSettled;
        public double clientWarmupSettled;
        public double serverCpu;
        public double clientCpus;
        public double serverNice;
        public double computeMicros;
        public double connectionsOpened;
        public double issueLagMaxMs;

        private HttpLoad.Marks marks;

        @Setup(Level.Iteration)
        public void open(Load l) throws IOException {
            l.loop.drain(TimeUnit.MILLISECONDS.toNanos(2L * l.delayMs + 100));
            l.loop.takeWindow();
            l.rig.server.takeStats();
            marks = HttpLoad.Marks.take(l.rig.server);
            l.loop.restart();
        }

        // At teardown: JMH zeroes aux counters after the iteration's setup, and reads them after its teardown.
        @TearDown(Level.Iteration)
        public void close(Load l) throws IOException {
            boolean drained = l.loop.drain(TimeUnit.MILLISECONDS.toNanos(2L * l.delayMs + 100));
            OpenLoop.Window w = l.loop.takeWindow();
            HttpDelayServer.Stats s = l.rig.server.takeStats();
            HttpLoad.Marks end = HttpLoad.Marks.take(l.rig.server);
            p50Ms = w.percentileMs(50);
            p99Ms = w.percentileMs(99);
            p999Ms = w.percentileMs(99.9);
            maxMs = w.maxMs();
            completedPerSec = w.completed() / w.seconds();
            failed = w.failed();
            refused = w.refused();
            unfinished = drained ? 0 : w.outstanding();
            clientCpuUsPerReq = w.completed() == 0 ? Double.NaN : marks.clientCpuMicrosTo(end) / w.completed(); // no answer: no cost per answer
            clientJitCpuUsPerReq = w.completed() == 0 ? Double.NaN : marks.jitMicrosTo(end) / w.completed();
            serverCpuUsPerReq = s.served() == 0 ? Double.NaN : marks.serverCpuMicrosTo(end) / s.served();
            serverCpuShare = marks.serverCpuMicrosTo(end) / 1e6 / marks.secondsTo(end);
            serverLateMaxMs = s.lateMaxMicros() / 1_000.0;
            serverLateShare = s.served() == 0 ? 0 : s.late() / (double) s.served();
            double meanInFlight = w.completed() / w.seconds() * w.meanMs() / 1_000.0;
            memPerInFlightKb = meanInFlight > 0 ? (end.clientKb() - l.rig.idleClientKb) / meanInFlight : Double.NaN;
            waitingThreads = l.rig.http.waitingThreads();
            formula = l.rig.formula;
            serverColdCpuUsPerReq = l.rig.serverWarmup.firstUs();
            serverWarmedCpuUsPerReq = l.rig.serverWarmup.lastUs();
            clientColdCpuUsPerReq = l.rig.clientWarmup.firstUs();
            clientWarmedCpuUsPerReq = l.rig.clientWarmup.lastUs();
            serverWarmupSettled = l.rig.serverWarmup.settled() ? 1 : 0;
            clientWarmupSettled = l.rig.clientWarmup.settled() ? 1 : 0;
            serverCpu = l.rig.serverCpu();
            clientCpus = l.rig.clientCpus();
            serverNice = l.rig.serverNice();
            computeMicros = l.rig.computeMicros;
            connectionsOpened = s.opened();
            issueLagMaxMs = w.issueLagMaxMicros() / 1_000.0;
            try {
                HttpLoad.checkServerOnTime("HttpOpenLoopBench " + l.client + " at " + l.rate + "/s", s, serverCpuShare, l.serverLateShareLimit,
                        l.rig.placement(), p99Ms, P99_BOUND_FACTOR * l.delayMs);
                Throwable bad = l.loop.firstFailure();
                if (bad != null) {
                    throw new IllegalStateException("HttpOpenLoopBench " + l.client + " at " + l.rate + "/s: a request failed: " + bad, bad);
                }
            } catch (RuntimeException e) {
                l.end(); // the fork ends on this failure: stop the server and the clients' JVMs before it does
                throw e;
            }
        }
    }

    /** One request handed over at its intended start; the score is the arrival rate kept. */
    @Benchmark
    public long openLoop(Load l, Observed o) {
        return l.loop.issueNext();
    }
}
