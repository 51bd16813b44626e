package dev.crossover.load.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenLoopTest {

    /** Answers at once on the caller's thread, noting when each request was really sent; may stall the caller once. */
    static final class InstantClient implements HttpLoadClient {
        final List<Long> sentAt = new ArrayList<>();
        int stallOn = -1;
        long stallMillis;
        final List<Done> held = new ArrayList<>();
        boolean hold;

        @Override
        public void send(Done done) {
            sentAt.add(System.nanoTime());
            if (sentAt.size() - 1 == stallOn) {
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (hold) {
                held.add(done);
            } else {
                done.completed(null);
            }
        }

        @Override
        public int waitingThreads() {
            return 0;
        }

        @Override
        public String describe() {
            return "instant";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void requestsStartNoSoonerThanTheirScheduleAndKeepItsRate() {
        InstantClient c = new InstantClient();
        OpenLoop loop = new OpenLoop(c, 1_000, 100);
        long first = loop.intendedStart(0);
        List<Long> intended = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            intended.add(loop.issueNext());
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(first + i * 1_000_000L, intended.get(i), "request " + i + " is intended at start + i ÷ rate");
            assertTrue(c.sentAt.get(i) >= intended.get(i), "request " + i + " was sent before its intended start");
        }
        assertTrue(c.sentAt.get(199) - c.sentAt.get(0) >= 199_000_000L, "200 requests at 1,000/s span at least 199 ms");
        OpenLoop.Window w = loop.takeWindow();
        assertEquals(200, w.issued());
        assertEquals(200, w.completed());
        assertEquals(200, w.latencyMicros().getTotalCount());
    }

    @Test
    void latencyCountsFromTheIntendedStartSoAStalledCallerShowsInIt() {
        InstantClient c = new InstantClient();
        c.stallOn = 10;
        c.stallMillis = 50;
        OpenLoop loop = new OpenLoop(c, 1_000, 100);
        for (int i = 0; i < 40; i++) {
            loop.issueNext();
        }
        OpenLoop.Window w = loop.takeWindow();
        // Every answer came at once after its send, yet the requests due while the caller stalled were sent late:
        // measured from their intended start they waited up to the stall, which a closed loop would never see.
        assertTrue(w.maxMs() >= 40, "the worst latency " + w.maxMs() + " ms includes the 50 ms stall");
        assertTrue(w.issueLagMaxMicros() >= 40_000, "the pacer knows it sent late: " + w.issueLagMaxMicros() + " µs");
        long lateOnes = 0;
        for (int i = 11; i < 40; i++) {
            if (c.sentAt.get(i) - loop.intendedStart(i) > 10_000_000L) {
                lateOnes++;
            }
        }
        assertEquals(29, lateOnes, "requests due during the stall went out together after it (" + lateOnes + ")");
    }

    @Test
    void requestsBeyondTheOutstandingBoundAreRefusedNotQueued() {
        InstantClient c = new InstantClient();
        c.hold = true;
        OpenLoop loop = new OpenLoop(c, 10_000, 3);
        for (int i = 0; i < 10; i++) {
            loop.issueNext();
        }
        assertEquals(3, c.sentAt.size(), "only 3 may wait at once");
        OpenLoop.Window w = loop.takeWindow();
        assertEquals(7, w.refused());
        assertEquals(3, w.outstanding());
        c.held.forEach(d -> d.completed(new IllegalStateException("boom")));
        assertEquals(0, loop.outstanding());
        assertTrue(loop.drain(1_000_000));
        assertEquals("boom", loop.firstFailure().getMessage());
        assertEquals(3, loop.takeWindow().failed());
    }

    @Test
    void requestsStillWaitingAtAWindowsEndCountAtTheirAgeSoASaturatedClientHasALatency() throws Exception {
        InstantClient c = new InstantClient();
        c.hold = true; // answers nothing: a client that has stopped keeping up
        OpenLoop loop = new OpenLoop(c, 1_000, 100);
        for (int i = 0; i < 20; i++) {
            loop.issueNext();
        }
        Thread.sleep(50);
        OpenLoop.Window w = loop.takeWindow();
        assertEquals(0, w.completed());
        assertEquals(20, w.outstanding());
        assertEquals(20, w.latencyMicros().getTotalCount(), "each waiting request at its age");
        assertTrue(w.percentileMs(50) >= 50 && w.maxMs() >= 69, "at least the 50 ms slept, the first sent 19 ms before the last: "
                + w.percentileMs(50) + " / " + w.maxMs() + " ms");
        c.held.subList(0, 10).forEach(d -> d.completed(null));
        OpenLoop.Window next = loop.takeWindow();
        assertEquals(10, next.completed());
        assertEquals(10, next.outstanding());
        assertEquals(20, next.latencyMicros().getTotalCount(), "ten answered, ten still waiting");
        c.held.subList(10, 20).forEach(d -> d.completed(null));
        assertEquals(0, loop.takeWindow().outstanding());
    }

    @Test
    void closedLoopKeepsExactlyItsConcurrencyInFlight() throws Exception {
        InstantClient c = new InstantClient();
        c.hold = true;
        ClosedLoop loop = new ClosedLoop(c, 3);
        for (int i = 0; i < 3; i++) {
            loop.sendWhenFree(1_000);
        }
        assertEquals(3, loop.inFlight());
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> loop.sendWhenFree(50));
        assertTrue(full.getMessage().contains("concurrency 3"), full.getMessage());
        c.held.removeFirst().completed(null);
        loop.sendWhenFree(1_000);
        assertEquals(3, loop.inFlight());
        assertEquals(1, loop.completed());
        c.held.forEach(d -> d.completed(null));
        assertTrue(loop.drain(1_000));
    }

    @Test
    void refusesANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoop(new InstantClient(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ClosedLoop(new InstantClient(), 0));
    }
}
