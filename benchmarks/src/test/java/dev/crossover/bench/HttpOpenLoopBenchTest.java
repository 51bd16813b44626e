package dev.crossover.bench;

import dev.crossover.load.http.HttpClientKind;
import dev.crossover.profile.ProcFs;
import dev.crossover.sizing.CpuAffinity;
import dev.crossover.sizing.Niceness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpOpenLoopBenchTest {

    @AfterAll
    static void noChildLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(),
                "no server or worker JVM may outlive the benchmark's teardown");
    }

    @ParameterizedTest
    @EnumSource(value = HttpClientKind.class, names = {"EVENT_LOOP", "PROCESS"})
    void oneIterationMeasuresLatencyFromIntendedStartsAndTheServersCost(HttpClientKind kind) throws Exception {
        HttpOpenLoopBench.Load l = new HttpOpenLoopBench.Load();
        l.client = kind;
        l.rate = 200;
        l.delayMs = 10;
        l.bytes = 256;
        l.serverLateShareLimit = 1.0; // the mechanics, not this machine's timing: HttpLoadTest covers the check
        HttpOpenLoopBench.Observed o = new HttpOpenLoopBench.Observed();
        boolean affinity = CpuAffinity.available() && ProcFs.AVAILABLE;
        BitSet before = affinity ? CpuAffinity.current() : null;
        double[] serverCpu = {Double.NaN};
        double[] clientCpus = {Double.NaN};
        double[] serverNice = {Double.NaN};
        try {
            l.begin();
            serverCpu[0] = l.rig.cpus.isSplit() ? l.rig.cpus.serverCpus().nextSetBit(0) : -1;
            clientCpus[0] = affinity ? l.rig.cpus.clientCpus().cardinality() : -1;
            serverNice[0] = l.rig.server.nice();
            if (l.rig.cpus.isSplit()) {
                assertTrue(serverNice[0] == HttpLoad.SERVER_NICE || serverNice[0] == Niceness.ofProcess(ProcessHandle.current().pid()),
                        "the server runs at nice " + HttpLoad.SERVER_NICE + " where allowed, else at the caller's: " + serverNice[0]);
            }
            if (affinity && l.rig.cpus.isSplit()) {
                BitSet clients = l.rig.cpus.clientCpus();
                assertEquals(l.rig.cpus.serverCpus(), l.rig.server.cpus(), "the server's JVM runs on its own CPU");
                assertFalse(clients.intersects(l.rig.cpus.serverCpus()), "clients and server share no CPU");
                assertEquals(clients, CpuAffinity.current(), "this JVM, the client side, runs on the other CPUs");
                // PROCESS' child JVMs, started after the binding, inherit the clients' CPUs
                List<String> children = ProcessHandle.current().children().filter(p -> p.pid() != l.rig.server.pid())
                        .map(p -> ProcFs.cpusAllowed(p.pid(), p.pid())).toList();
                assertEquals(kind == HttpClientKind.PROCESS, !children.isEmpty(), "children: " + children);
                children.forEach(c -> assertEquals(CpuAffinity.list(clients), c, "a client child JVM's CPUs"));
            }
            for (int round = 0; round < 2; round++) { // the first round warms the clients up, as JMH's warmup would
                o.open(l);
                long first = l.loop.issueNext();
                long last = first;
                for (int i = 1; i < 100; i++) {
                    last = l.loop.issueNext();
                }
                assertEquals(99 * 5_000_000L, last - first, "100 requests at 200/s are intended 5 ms apart");
                assertTrue(l.loop.drain(TimeUnit.SECONDS.toNanos(30)), "every request answered");
                o.close(l);
            }
        } finally {
            l.end();
        }
        if (affinity) {
            assertEquals(before, CpuAffinity.current(), "the teardown gives this JVM its CPUs back");
            assertEquals(serverCpu[0], o.serverCpu, "the counter names the server's CPU, -1 when shared");
            assertEquals(clientCpus[0], o.clientCpus, "the counter names how many CPUs the clients had");
            assertEquals(serverNice[0], o.serverNice, "the counter names the server's nice value");
        }
        assertTrue(o.p50Ms >= 10, "p50 " + o.p50Ms + " ms is at least the delay");
        assertTrue(o.p99Ms >= o.p50Ms && o.maxMs >= o.p999Ms && o.p999Ms >= o.p99Ms, o.p50Ms + " " + o.p99Ms + " " + o.p999Ms + " " + o.maxMs);
        assertEquals(0, o.failed);
        assertEquals(0, o.refused);
        assertEquals(0, o.unfinished);
        assertTrue(o.completedPerSec > 0);
        assertTrue(o.serverCpuUsPerReq > 0, "the server's CPU is read from its /proc entry");
        assertTrue(o.clientCpuUsPerReq > 0);
        assertTrue(o.connectionsOpened >= 1);
        assertFalse(Double.isNaN(o.serverLateMaxMs));
        assertTrue(o.serverWarmedCpuUsPerReq > 0 && o.serverWarmedCpuUsPerReq < o.serverColdCpuUsPerReq,
                "the fresh server's first warm-up round pays for the JIT: " + o.serverColdCpuUsPerReq + " then " + o.serverWarmedCpuUsPerReq + " µs");
        assertTrue(o.clientColdCpuUsPerReq > 0 && o.clientWarmedCpuUsPerReq > 0, o.clientColdCpuUsPerReq + " " + o.clientWarmedCpuUsPerReq);
        assertTrue((o.serverWarmupSettled == 0 || o.serverWarmupSettled == 1) && (o.clientWarmupSettled == 0 || o.clientWarmupSettled == 1),
                o.serverWarmupSettled + " " + o.clientWarmupSettled);
    }
}
