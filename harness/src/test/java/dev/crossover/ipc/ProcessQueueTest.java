package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** C9: put/get block, time out or fail at once, with distinct exceptions; several producers. */
class ProcessQueueTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    private PipeQueue pipeQueue(int capacity) throws Exception {
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 64); // a small "pipe", so it fills after a few items
        return cleanup.closeLater(new PipeQueue(in, out, capacity, "test"));
    }

    @Test
    void shmQueueSemantics() throws Exception {
        semantics(cleanup.closeLater(ShmQueue.create(256)), 16); // 16 items of 8 bytes (16-byte records) fill 256
    }

    @Test
    void pipeQueueSemantics() throws Exception {
        PipeQueue q = pipeQueue(4);
        // The pipe and the reader's buffer hold more than the writer's buffer: fill until full.
        semantics(q, -1);
    }

    private void semantics(ProcessQueue q, int capacityItems) throws Exception {
        var empty = assertThrows(QueueEmptyException.class, q::getNowait);
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        long t0 = System.nanoTime();
        var timedOut = assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(50)));
        assertTrue(System.nanoTime() - t0 >= 50_000_000L, "get(timeout) returned before its timeout");
        assertTrue(timedOut.getMessage().contains("within PT0.05S"), timedOut.getMessage());

        q.put(new byte[] {1, 2, 3});
        q.putNowait(new byte[] {4});
        assertArrayEquals(new byte[] {1, 2, 3}, q.get());
        assertArrayEquals(new byte[] {4}, q.get(Duration.ofSeconds(5)));

        // Fill until put fails at once, then a timed put fails after its timeout.
        int put = 0;
        try {
            while (true) {
                q.putNowait(new byte[8]);
                put++;
                if (capacityItems < 0) {
                    Thread.sleep(1); // let the pipe queue's threads move items along
                }
                assertTrue(put < 1_000_000, "queue never reported full");
            }
        } catch (QueueFullException full) {
            assertTrue(full.getMessage().contains("is full"), full.getMessage());
        }
        if (capacityItems > 0) {
            assertEquals(capacityItems, put);
        }
        // A blocked put finishes once a get makes room.
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                q.put(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertTrue(!blocked.isDone() || capacityItems < 0, "put on a full queue did not block");
        for (int i = 0; i < put; i++) {
            assertEquals(8, q.get(Duration.ofSeconds(5)).length);
        }
        blocked.get();
        assertArrayEquals(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, q.get(Duration.ofSeconds(5)));
        assertThrows(QueueEmptyException.class, q::getNowait);
        if (capacityItems > 0) {
            assertThrows(QueueFullException.class, () -> {
                for (int i = 0; i <= capacityItems; i++) {
                    q.put(new byte[8], Duration.ofMillis(20));
                }
            });
        }
    }

    @Test
    void severalProcessesPutOnOneSharedQueueNothingLostOrReordered() throws Exception {
        ShmQueue q = cleanup.closeLater(ShmQueue.create(1 << 12));
        int producers = 3;
        int each = 20_000;
        for (int p = 0; p < producers; p++) {
            cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "queue-put", q.name(), Integer.toString(p), Integer.toString(each)));
        }
        int[] next = new int[producers];
        for (int i = 0; i < producers * each; i++) {
            ByteBuffer item = ByteBuffer.wrap(q.get(Duration.ofSeconds(60)));
            int p = item.getInt();
            assertEquals(next[p]++, item.getInt(), "items of producer " + p + " out of order");
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(each, next[p]);
        }
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(20)));
    }

    @Test
    void pipeQueueDeliversWhatWasPutBeforeTheWriterClosedThenReportsTheEnd() throws Exception {
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 1 << 12);
        PipeQueue writer = new PipeQueue(null, out, 4, "writer");
        PipeQueue reader = cleanup.closeLater(new PipeQueue(in, null, 4, "reader"));
        writer.put(new byte[] {5});
        writer.close(); // flushes, then closes the pipe
        assertArrayEquals(new byte[] {5}, reader.get(Duration.ofSeconds(5)));
        var end = assertThrows(PeerGoneException.class, () -> reader.get(Duration.ofSeconds(5)));
        assertTrue(end.getMessage().contains("writer closed"), end.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> reader.put(new byte[1]));
    }

    @Test
    void anItemTooLargeForTheSharedQueueIsRefusedAtOnce() {
        ShmQueue q = cleanup.closeLater(ShmQueue.create(256));
        var e = assertThrows(IllegalArgumentException.class, () -> q.put(new byte[200]));
        assertTrue(e.getMessage().contains("largest item (120 bytes)"), e.getMessage());
    }

    @Test
    void closeReturnsWhenTheFeederDiedWithAFullBuffer() throws Exception {
        // A pipe whose reader is gone: the write blocks until "the reader dies", then fails (EPIPE).
        java.util.concurrent.CountDownLatch readerDies = new java.util.concurrent.CountDownLatch(1);
        java.io.OutputStream brokenPipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                try {
                    readerDies.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.io.IOException("Broken pipe");
            }
        };
        PipeQueue q = new PipeQueue(null, brokenPipe, 2, "broken");
        q.put(new byte[] {1}); // the feeder takes it and blocks flushing it
        long deadline = System.nanoTime() + 5_000_000_000L;
        int queued = 0;
        while (queued < 2 && System.nanoTime() < deadline) { // fill the local buffer behind the stuck feeder
            try {
                q.put(new byte[] {2}, false, null);
                queued++;
            } catch (QueueFullException notYet) {
                Thread.sleep(1); // the feeder has not taken the first item yet
            }
        }
        assertEquals(2, queued, "the buffer should fill while the feeder is stuck");
        readerDies.countDown(); // the write fails: the feeder ends with a full buffer
        while (true) {
            try {
                q.put(new byte[] {3}, false, null);
            } catch (PeerGoneException gone) {
                break; // the queue saw its feeder's failure
            } catch (QueueFullException stillFull) {
                Thread.sleep(1);
            }
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), q::close,
                "close() waited for room in a buffer that a dead feeder will never drain");
    }
}
