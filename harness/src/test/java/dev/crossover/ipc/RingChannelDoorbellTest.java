package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The doorbell of {@link RingChannel}: a receiver that waited past its spin blocks on the bell and
 * is woken by the sender's byte; a frame already there is taken without the bell; no wake-up is
 * lost when both sides race; the end of the bell falls back to polling.
 */
class RingChannelDoorbellTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    /** An output stream that counts the bytes written to the bell before passing them on. */
    static final class CountingBell extends OutputStream {
        final OutputStream out;
        final AtomicInteger rung = new AtomicInteger();

        CountingBell(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            rung.incrementAndGet();
            out.write(b);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Two channels over two rings, each able to ring the other. */
    static final class Pair implements AutoCloseable {
        final ShmRing aToB = ShmRing.create(4096);
        final ShmRing bToA = ShmRing.create(4096);
        final Pipe bellOfB;
        final Pipe bellOfA;
        final CountingBell ringB;
        final CountingBell ringA;
        final RingChannel a;
        final RingChannel b;

        Pair() throws IOException {
            bellOfB = Pipe.open();
            bellOfA = Pipe.open();
            ringB = new CountingBell(Channels.newOutputStream(bellOfB.sink()));
            ringA = new CountingBell(Channels.newOutputStream(bellOfA.sink()));
            InputStream bIn = Channels.newInputStream(bellOfB.source());
            InputStream aIn = Channels.newInputStream(bellOfA.source());
            a = new RingChannel(aToB, bToA, "backoff", () -> true, "b", aIn, ringB);
            b = new RingChannel(bToA, aToB, "backoff", () -> true, "a", bIn, ringA);
        }

        @Override
        public void close() throws IOException {
            a.close();
            b.close();
            bellOfB.sink().close();
            bellOfB.source().close();
            bellOfA.sink().close();
            bellOfA.source().close();
            aToB.close();
            bToA.close();
        }
    }

    private static void awaitWaiting(ShmRing ring) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ring.consumerWaiting()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver never announced that it blocks on its bell");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aReceiverBlockedOnTheBellIsRungAndGetsTheFrame() throws Exception {
        {
            Pair p = cleanup.closeLater(new Pair());
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(p.b));
            awaitWaiting(p.aToB);
            byte[] frame = {1, 2, 3, 4, 5};
            p.a.send(frame, 0, frame.length);
            assertArrayEquals(frame, got.get(10, TimeUnit.SECONDS));
            assertEquals(1, p.ringB.rung.get(), "the sender rang exactly once for a blocked receiver");
            assertFalse(p.aToB.consumerWaiting(), "the announcement is taken by the ring");
        }
    }

    @Test
    void aFrameAlreadyThereIsTakenWithoutTheBell() throws Exception {
        {
            Pair p = cleanup.closeLater(new Pair());
            byte[] frame = {9, 8, 7};
            p.a.send(frame, 0, frame.length);
            assertArrayEquals(frame, p.b.receive());
            assertEquals(0, p.ringB.rung.get(), "nobody waited, so nobody was rung");
        }
    }

    @Test
    void noWakeUpIsLostWhenBothSidesRace() throws Exception {
        int rounds = 20_000;
        {
            Pair p = cleanup.closeLater(new Pair());
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < rounds; i++) {
                        byte[] f = receive(p.b);
                        send(p.b, f);
                    }
                });
                byte[] f = new byte[8];
                for (int i = 0; i < rounds; i++) {
                    f[0] = (byte) i;
                    f[1] = (byte) (i >>> 8);
                    if (i % 1000 == 0) {
                        Thread.sleep(2); // let the echo side go past its spin and block on its bell
                    }
                    send(p.a, f);
                    byte[] back = p.a.receive();
                    assertArrayEquals(f, back, "round " + i);
                }
                echo.get();
            }, "a lost wake-up leaves one side blocked on its bell for good");
            // Both sides slept on their bells at times: the test went through the doorbell path.
            assertTrue(p.ringB.rung.get() > 0, "the echo side was never rung: the doorbell path was not exercised");
        }
    }

    @Test
    void theEndOfTheBellFallsBackToPolling() throws Exception {
        {
            Pair p = cleanup.closeLater(new Pair());
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(p.b));
            awaitWaiting(p.aToB);
            p.bellOfB.sink().close(); // the bell's writer is gone: the receiver reads end of stream
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.aToB.consumerWaiting() && System.nanoTime() < deadline) {
                Thread.sleep(1); // until the receiver saw the end and withdrew its announcement
            }
            assertFalse(p.aToB.consumerWaiting(), "the receiver did not notice the end of its bell");
            byte[] frame = {42};
            p.a.send(frame, 0, frame.length); // cannot ring any more; the receiver must find it by polling
            assertArrayEquals(frame, got.get(10, TimeUnit.SECONDS));
        }
    }

    private static byte[] receive(RingChannel c) {
        try {
            return c.receive();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void send(RingChannel c, byte[] f) {
        try {
            c.send(f, 0, f.length);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
