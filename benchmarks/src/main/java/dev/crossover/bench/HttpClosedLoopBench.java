package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.http.ClosedLoop;
import dev.crossover.load.http.HttpClientKind;
import dev.crossover.load.http.HttpDelayServer;
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
 * Blocking against non-blocking HTTP in a closed loop: with {@code concurrency} requests in flight
 * (a new one sent as soon as one is answered), how many requests per second does each client get
 * through, and at what CPU and memory per request?
 *
 * <p>Serves C24 (blocking vs non-blocking callers on the same requests) beside {@link
 * HttpOpenLoopBench}, which has the clients, the server and the connection handling. The score is
 * requests per second; per iteration ({@code @AuxCounters}): {@code clientCpuUsPerReq} and {@code
 * clientJitCpuUsPerReq} (as in the open loop: this JVM's compilers apart), {@code
 * serverCpuUsPerReq}, {@code serverCpuShare}, {@code serverLateMaxMs}, {@code serverLateShare},
 * {@code memPerInFlightKb} (client-side PSS growth over idle ÷ concurrency), {@code heldPeak} (the
 * most requests the server held at once: what really reached it), {@code connectionsOpened}, {@code
 * waitingThreads}, {@code formula}, {@code serverCpu}, {@code clientCpus}, {@code serverNice}, and the warm-up's figures as in
 * the open loop (the same trial setup, {@link HttpLoad.Rig}: the server on a CPU of its own when there are
 * two or more). It fails whenever the server lags its schedule (the open loop only where the lag may explain a p99 over
 * the bound): a closed loop's throughput follows every late answer.
 * The default grid is concurrency 1 and 1,000: one request at a time, and more in flight than the cores
 * can serve at the delay. 10,000 ({@code -p concurrency=10000}) is left to a run that asks for it: at
 * 1,000 the server already lags its timers on 2 cores, and the point costs as much as the rest of a
 * client's grid. 10,000 in flight needs about 11,000 open files in each JVM; below that it refuses
 * with the {@code ulimit} fix.
 *
 * <p>Expected: the clients near concurrency ÷ delay until
 * the CPU runs out, the event loop and {@code sendAsync} furthest, the event loop at the least CPU.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar HttpClosedLoopBench -p concurrency=100,1000 -f 1}
 */
@SetupCost(seconds = 9, what = "starting the HTTP server's JVM and warming server and client up until their CPU per request settles")
@Serves({"C24"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(2)
public class HttpClosedLoopBench {

    /** Seconds beyond its delay one request may take before the run is called stuck. */
    static final long STUCK_SECONDS = 60;

    /** The server, the client and the window of requests. */
    @State(Scope.Benchmark)
    public static class Load {
        // FIXED_CORES is left out by default: beyond cores in flight it serves cores ÷ delay by construction
        // (HttpOpenLoopBench shows it saturating). Add it with -p client=FIXED_CORES.
        @Param({"FIXED_FORMULA", "VIRTUAL", "PROCESS", "ASYNC", "EVENT_LOOP"})
        public HttpClientKind client;
        @Param({"1", "1000"})
        public int concurrency;
        @Param({"10"})
        public int delayMs;
        @Param({"256"})
        public int bytes;

        HttpLoad.Rig rig;
        ClosedLoop loop;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) throws Exception {
            Bench.requireOneThread(params, "HttpClosedLoopBench");
            HttpLoad.checkOpenFiles("HttpClosedLoopBench at concurrency " + concurrency, concurrency);
            rig = HttpLoad.Rig.start("HttpClosedLoopBench", client, delayMs, bytes, HttpLoad.warmupShare(params));
            loop = new ClosedLoop(rig.http, concurrency);
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
        public double clientCpuUsPerReq;
        public double clientJitCpuUsPerReq;
        public double serverCpuUsPerReq;
        public double serverCpuShare;
        public double serverLateMaxMs;
        public double serverLateShare;
        public double memPerInFlightKb;
        public double heldPeak;
        public double connectionsOpened;
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

        private HttpLoad.Marks marks;
        private long completed0;

        @Setup(Level.Iteration)
        public void open(Load l) throws IOException {
            l.rig.server.takeStats();
            marks = HttpLoad.Marks.take(l.rig.server);
            completed0 = l.loop.completed();
        }

        // At teardown: JMH zeroes aux counters after the iteration's setup, and reads them after its teardown.
        @TearDown(Level.Iteration)
        public void close(Load l) throws IOException {
            HttpDelayServer.Stats s = l.rig.server.takeStats();
            HttpLoad.Marks end = HttpLoad.Marks.take(l.rig.server);
            long done = Math.max(1, l.loop.completed() - completed0);
            clientCpuUsPerReq = marks.clientCpuMicrosTo(end) / done;
            clientJitCpuUsPerReq = marks.jitMicrosTo(end) / done;
            serverCpuUsPerReq = marks.serverCpuMicrosTo(end) / Math.max(1, s.served());
            serverCpuShare = marks.serverCpuMicrosTo(end) / 1e6 / marks.secondsTo(end);
            serverLateMaxMs = s.lateMaxMicros() / 1_000.0;
            serverLateShare = s.served() == 0 ? 0 : s.late() / (double) s.served();
            memPerInFlightKb = (end.clientKb() - l.rig.idleClientKb) / (double) l.concurrency;
            heldPeak = s.heldPeak();
            connectionsOpened = s.opened();
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
            try {
                HttpLoad.checkServerOnTime("HttpClosedLoopBench " + l.client + " at concurrency " + l.concurrency, s, serverCpuShare,
                        HttpOpenLoopBench.SERVER_LATE_SHARE, l.rig.placement());
            } catch (RuntimeException e) {
                l.end(); // the fork ends on this failure: stop the server and the clients' JVMs before it does
                throw e;
            }
        }
    }

    /** Requests per second with {@code concurrency} in flight: each call sends one as soon as a slot is free. */
    @Benchmark
    public int closedLoop(Load l, Observed o) throws InterruptedException {
        l.loop.sendWhenFree(TimeUnit.SECONDS.toMillis(STUCK_SECONDS) + l.delayMs);
        return l.loop.inFlight();
    }
}
