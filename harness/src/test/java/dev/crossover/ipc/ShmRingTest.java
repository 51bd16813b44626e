package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShmRingTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @Test
    void everySizeUpToTheMaximumAtEveryWrapOffset() {
        for (int capacity : new int[] {64, 256, 1024}) {
            ShmRing ring = cleanup.closeLater(ShmRing.create(capacity));
            ShmRing.Producer producer = ring.producer();
            ShmRing.Consumer consumer = ring.consumer();
            byte[] src = new byte[ring.maxPayload()];
            long seq = 0;
            for (int size = 0; size <= ring.maxPayload(); size++) {
                for (int offset = 0; offset < capacity; offset += ShmRingDescriptor.ALIGNMENT) {
                    // Move the (empty) ring's position to `offset` with empty records.
                    while ((ring.size() == 0) && positionIndex(ring, capacity) != offset) {
                        assertTrue(producer.offer(1, src, 0, 0));
                        assertEquals(1, consumer.poll((t, b, o, l) -> { }, 1));
                    }
                    RecordPattern.fill(src, seq, size);
                    assertTrue(producer.offer(7, src, 0, size), "size " + size + " at offset " + offset);
                    long expectSeq = seq;
                    int expectSize = size;
                    int at = offset;
                    int n = consumer.poll((type, buf, off, len) -> {
                        assertEquals(7, type);
                        assertEquals(expectSize, len);
                        for (int i = 0; i < len; i++) {
                            assertEquals(RecordPattern.at(expectSeq, i), buf.get(ValueLayout.JAVA_BYTE, off + i),
                                    "byte " + i + " of a " + len + "-byte record written at offset " + at);
                        }
                    }, 10);
                    assertEquals(1, n, "exactly one record back (padding is not a record)");
                    assertEquals(0, ring.size());
                    seq++;
                }
            }
        }
    }

    private static int positionIndex(ShmRing ring, int capacity) {
        return (int) (ring.tailPosition() & (capacity - 1));
    }

    @Test
    void aRecordTooLargeFailsWithTheLimitAndTheFix() {
        ShmRing ring = cleanup.closeLater(ShmRing.create(1024));
        var e = assertThrows(IllegalArgumentException.class, () -> ring.producer().offer(0, new byte[600], 0, 600));
        assertTrue(e.getMessage().contains("largest is " + ring.maxPayload()), e.getMessage());
        assertTrue(e.getMessage().contains("capacity >= 2048"), e.getMessage());
        assertEquals(504, ring.maxPayload());
        assertTrue(ring.producer().offer(0, new byte[504], 0, 504));
    }

    @Test
    void badCapacityIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> ShmRing.create(1000));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void aFullRingRefusesUntilTheConsumerFreesSpace() {
        ShmRing ring = cleanup.closeLater(ShmRing.create(256));
        ShmRing.Producer p = ring.producer();
        ShmRing.Consumer c = ring.consumer();
        byte[] b = new byte[56]; // 64-byte records: four fill 256
        for (int i = 0; i < 4; i++) {
            assertTrue(p.offer(0, b, 0, b.length));
        }
        assertFalse(p.offer(0, b, 0, 1));
        assertFalse(p.write(0, b, 0, 1, new IdleStrategy.Backoff(), Duration.ofMillis(20)), "write must time out on a full ring");
        assertEquals(1, c.poll((t, buf, o, l) -> { }, 1));
        assertTrue(p.offer(0, b, 0, b.length));
    }

    @Test
    void twoThreadsKeepOrderAndContent() throws Exception {
        ShmRing ring = cleanup.closeLater(ShmRing.create(4096));
        int max = 300;
        long count = 500_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            try (ShmRing.Producer p = ring.producer()) {
                byte[] buf = new byte[max];
                IdleStrategy idle = new IdleStrategy.Backoff();
                for (long seq = 0; seq < count; seq++) {
                    int len = RecordPattern.length(seq, max);
                    RecordPattern.fill(buf, seq, len);
                    assertTrue(p.write(3, buf, 0, len, idle, Duration.ofSeconds(30)));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        ShmRing.Consumer c = ring.consumer();
        long[] state = new long[2];
        IdleStrategy idle = new IdleStrategy.Backoff();
        while (c.read((t, buf, off, len) -> {
            state[1] = RecordPattern.verify(state[1], state[0], max, buf, off, len);
            state[0]++;
        }, 64, idle, Duration.ofSeconds(30)) > 0) {
            // until the producer closes
        }
        producer.join();
        assertEquals(null, failure.get());
        assertEquals(count, state[0]);
        long expected = 0;
        for (long seq = 0; seq < count; seq++) {
            expected = RecordPattern.checksum(expected, seq, max);
        }
        assertEquals(expected, state[1]);
    }

    @Test
    void millionsOfRecordsToAnotherJvmNoneLostDuplicatedOrReordered() throws Exception {
        ShmRing ring = cleanup.closeLater(ShmRing.create(1 << 16));
        long count = 2_000_000;
        int max = 100;
        PeerJvm child = cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "ring-consume", ring.name(),
                Long.toString(count), Integer.toString(max), "backoff"));
        child.expect("READY", Duration.ofSeconds(30));
        ShmRing.Producer p = ring.producer();
        byte[] buf = new byte[max];
        IdleStrategy idle = new IdleStrategy.Backoff();
        long checksum = 0;
        for (long seq = 0; seq < count; seq++) {
            int len = RecordPattern.length(seq, max);
            RecordPattern.fill(buf, seq, len);
            assertTrue(p.write(0, buf, 0, len, idle, Duration.ofSeconds(30)));
            checksum = RecordPattern.checksum(checksum, seq, max);
        }
        p.close();
        assertEquals("OK " + count + " " + checksum, child.expect("", Duration.ofSeconds(60)));
        assertEquals(0, child.waitFor(Duration.ofSeconds(10)));
    }

    @Test
    void recordsFromAnotherJvmArriveIntactAndItsCloseEndsTheStream() throws Exception {
        ShmRing ring = cleanup.closeLater(ShmRing.create(1 << 12));
        long count = 200_000;
        int max = ring.maxPayload();
        PeerJvm child = cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "ring-produce", ring.name(),
                Long.toString(count), Integer.toString(max)));
        ShmRing.Consumer c = ring.consumer();
        long[] state = new long[2];
        IdleStrategy idle = new IdleStrategy.Backoff();
        while (c.read((t, buf, off, len) -> {
            state[1] = RecordPattern.verify(state[1], state[0], max, buf, off, len);
            state[0]++;
        }, 100, idle, Duration.ofSeconds(30)) > 0) {
            // until the producer closes
        }
        assertEquals(count, state[0]);
        assertEquals("OK " + count + " " + state[1], child.expect("OK", Duration.ofSeconds(30)));
    }

    @Test
    void aProducerKilledMidStreamFailsTheReaderWithinASecond() throws Exception {
        ShmRing ring = cleanup.closeLater(ShmRing.create(1 << 12));
        PeerJvm child = cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "ring-produce", ring.name(), "-1", "64"));
        ShmRing.Consumer c = ring.consumer();
        IdleStrategy idle = new IdleStrategy.Backoff();
        long[] n = new long[1];
        while (n[0] < 10_000) {
            c.read((t, b, o, l) -> n[0]++, 100, idle, Duration.ofSeconds(30));
        }
        child.process().destroyForcibly();
        child.process().waitFor();
        long killed = System.nanoTime();
        var e = assertThrows(PeerGoneException.class, () -> {
            while (true) {
                c.read((t, b, o, l) -> { }, 100, idle, Duration.ofSeconds(30));
            }
        });
        long ms = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(e.getMessage().contains("producer") && e.getMessage().contains("died"), e.getMessage());
        assertTrue(ms < 5_000, "dead producer noticed only after " + ms + " ms");
        System.out.println("dead producer noticed after " + ms + " ms: " + e.getMessage());
    }

    @Test
    void aConsumerKilledFailsTheWriterInsteadOfHanging() throws Exception {
        ShmRing ring = cleanup.closeLater(ShmRing.create(1 << 12));
        PeerJvm child = cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "ring-consume", ring.name(), "-1", "64", "backoff"));
        child.expect("READY", Duration.ofSeconds(30));
        ShmRing.Producer p = ring.producer();
        byte[] buf = new byte[64];
        IdleStrategy idle = new IdleStrategy.Backoff();
        for (long seq = 0; seq < 10_000; seq++) {
            int len = RecordPattern.length(seq, 64);
            RecordPattern.fill(buf, seq, len);
            assertTrue(p.write(0, buf, 0, len, idle, Duration.ofSeconds(30)));
        }
        child.process().destroyForcibly();
        child.process().waitFor();
        var e = assertThrows(PeerGoneException.class, () -> {
            while (true) {
                p.write(0, buf, 0, 64, idle, Duration.ofSeconds(30));
            }
        });
        assertTrue(e.getMessage().contains("consumer"), e.getMessage());
    }

    @Test
    void aChildEchoesEveryRecordBackIntact() throws Exception {
        ShmRing requests = cleanup.closeLater(ShmRing.create(1 << 12));
        ShmRing responses = cleanup.closeLater(ShmRing.create(1 << 12));
        PeerJvm child = cleanup.closeLater(PeerJvm.start(RingEchoMain.class, requests.name(), responses.name(), "backoff"));
        child.expect("READY", Duration.ofSeconds(30));
        ShmRing.Producer out = requests.producer();
        ShmRing.Consumer in = responses.consumer();
        IdleStrategy idle = new IdleStrategy.Backoff();
        byte[] buf = new byte[200];
        long[] got = new long[2];
        for (long seq = 0; seq < 20_000; seq++) {
            int len = RecordPattern.length(seq, 200);
            RecordPattern.fill(buf, seq, len);
            assertTrue(out.write(5, buf, 0, len, idle, Duration.ofSeconds(30)));
            while (got[0] <= seq) {
                assertTrue(in.read((t, b, o, l) -> {
                    assertEquals(5, t);
                    got[1] = RecordPattern.verify(got[1], got[0]++, 200, b, o, l);
                }, 1, idle, Duration.ofSeconds(30)) > 0);
            }
        }
        out.close();
        assertEquals(-1, in.read((t, b, o, l) -> { }, 1, idle, Duration.ofSeconds(30)), "the echo ends after the requests end");
    }
}
