package dev.crossover.load.http;

import dev.crossover.profile.ProcFs;
import dev.crossover.sizing.CpuAffinity;
import dev.crossover.sizing.Niceness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpDelayServerTest {

    @AfterAll
    static void noChildLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(),
                "no child process may outlive the test");
    }

    @Test
    void answersWithTheAskedBodyNoSoonerThanTheDelayOnOneKeptAliveConnection() throws Exception {
        try (HttpDelayServer server = new HttpDelayServer(1); HttpClient client = HttpTarget.newJdkClient()) {
            HttpTarget target = new HttpTarget(server.port(), 50, 1000);
            server.takeStats();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = client.send(target.request(), HttpResponse.BodyHandlers.ofByteArray());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(200, r.statusCode());
                assertEquals(1000, r.body().length);
                assertEquals('a', r.body()[0]);
                assertEquals('b', r.body()[1]);
                assertTrue(ms >= 50, "answered after " + ms + " ms, before the 50 ms delay");
            }
            HttpDelayServer.Stats s = server.takeStats();
            assertEquals(3, s.served());
            assertEquals(1, s.opened(), "three requests one after another reuse one kept-alive connection");
            assertEquals(1, s.open());
            assertEquals(1, s.heldPeak());
            assertEquals(0, server.takeStats().served(), "each /stats starts a new window");
        }
    }

    @Test
    void heldPeakCountsRequestsWaitingAtOnce() throws Exception {
        try (HttpDelayServer server = new HttpDelayServer(2); HttpClient client = HttpTarget.newJdkClient()) {
            HttpTarget target = new HttpTarget(server.port(), 300, 10);
            List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(client.sendAsync(target.request(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> a : answers) {
                target.check(a.get(60, TimeUnit.SECONDS));
            }
            HttpDelayServer.Stats s = server.takeStats();
            assertEquals(20, s.heldPeak(), "20 requests of 300 ms sent at once were all held together");
            assertEquals(20, s.served());
            assertEquals(20, s.opened(), "one connection per request in flight");
        }
    }

    @Test
    void refusesBadQueriesAndUnknownPathsWithTheirFix() throws Exception {
        try (HttpDelayServer server = new HttpDelayServer(1); HttpClient client = HttpTarget.newJdkClient()) {
            String base = "http://127.0.0.1:" + server.port();
            for (String q : List.of("/delay?ms=-1", "/delay?ms=x", "/delay?bytes=99999999")) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + q)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), q);
            }
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("/delay?ms="), r.body());
        }
    }

    @Test
    void statsLineRoundTripsAndNamesWhatIsMissing() {
        HttpDelayServer.Stats s = new HttpDelayServer.Stats(1, 2, 3, 4, 5, 6, 7, 8);
        assertEquals(s, HttpDelayServer.Stats.parse(s.line()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpDelayServer.Stats.parse("served=1"));
        assertTrue(e.getMessage().contains("lateMaxMicros"), e.getMessage());
    }

    @Test
    void childJvmServesReportsItsCpuAndIsGoneAfterClose() throws Exception {
        HttpDelayServerProcess server = HttpDelayServerProcess.start(1, 10);
        try (HttpClient client = HttpTarget.newJdkClient()) {
            HttpTarget target = new HttpTarget(server.port(), 10, 64);
            for (int i = 0; i < 20; i++) {
                target.check(client.send(target.request(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            HttpDelayServer.Stats s = server.takeStats();
            assertEquals(20, s.served());
            assertEquals(1, s.threads());
            assertEquals(10_000, s.lateLimitMicros(), "the limit it was started with");
            assertTrue(server.cpuNanos() > 0, "the server's CPU is read from /proc");
            assertTrue(server.memoryKb() > 0);
        } finally {
            server.close();
        }
        assertFalse(server.isAlive(), "close() ends the server's JVM");
    }

    @Test
    void aServerStartedOnOneCpuRunsEveryThreadThereAndLeavesTheCallerAsItWas() throws Exception {
        Assumptions.assumeTrue(ProcFs.AVAILABLE && CpuAffinity.available() && CpuAffinity.current().cardinality() >= 2,
                "needs Linux affinity, /proc and two CPUs");
        BitSet callerBefore = CpuAffinity.current();
        BitSet last = new BitSet();
        last.set(callerBefore.length() - 1);
        int callerNice = Niceness.ofProcess(ProcessHandle.current().pid());
        boolean[] mayRaise = {false};
        Thread probe = Thread.ofPlatform().start(() -> mayRaise[0] = Niceness.setCurrentThread(callerNice - 1)); // that thread alone
        probe.join();
        HttpDelayServerProcess server = HttpDelayServerProcess.start(1, 10, last, callerNice - 1);
        try (HttpClient client = HttpTarget.newJdkClient()) {
            assertEquals(callerBefore, CpuAffinity.current(), "the caller keeps its CPUs");
            assertEquals(mayRaise[0] ? callerNice - 1 : callerNice, server.nice(), "the server runs at the nice value asked for where allowed");
            assertEquals(callerNice, Niceness.ofProcess(ProcessHandle.current().pid()), "the caller keeps its priority");
            assertEquals(last, server.cpus(), "the kernel's Cpus_allowed_list of the server's JVM");
            HttpTarget target = new HttpTarget(server.port(), 1, 64);
            for (int i = 0; i < 20; i++) {
                target.check(client.send(target.request(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            // its event loop, GC and compiler threads all exist by now; each must be on the one CPU
            List<String> off = new ArrayList<>();
            int threads = 0;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(server.pid()), "task"))) {
                for (Path t : tasks.toList()) {
                    String allowed = ProcFs.cpusAllowed(server.pid(), Long.parseLong(t.getFileName().toString()));
                    threads++;
                    if (allowed != null && !allowed.equals(CpuAffinity.list(last))) {
                        off.add(t.getFileName() + ":" + allowed);
                    }
                }
            }
            assertTrue(threads > 5, "a JVM has more than a handful of threads: " + threads);
            assertEquals(List.of(), off, "threads of the server off CPU " + CpuAffinity.list(last));
        } finally {
            server.close();
        }
        assertFalse(server.isAlive(), "close() ends the server's JVM");
        assertEquals(callerBefore, CpuAffinity.current());
    }

    @Test
    void targetRefusesOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> new HttpTarget(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HttpTarget(80, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HttpTarget(80, 1, HttpDelayServer.MAX_BODY_BYTES + 1));
        assertArrayEquals(new Object[] {"/delay?ms=7&bytes=9"}, new Object[] {new HttpTarget(80, 7, 9).pathAndQuery()});
    }
}
