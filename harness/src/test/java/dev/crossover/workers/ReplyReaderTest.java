package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reading protocol against a fake channel: frames are one byte (the task number) the test
 * "answers" by putting it on a queue; the sink completes the task's future. No process involved.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReplyReaderTest {

    /** A channel whose answers the test releases; receive blocks like a pipe, null after end(). */
    static final class FakeChannel implements FrameChannel {
        final LinkedBlockingQueue<byte[]> answers = new LinkedBlockingQueue<>();
        final Map<Thread, Integer> readers = new ConcurrentHashMap<>();
        final AtomicInteger concurrentReads = new AtomicInteger();
        volatile boolean overlapped;
        static final byte[] END = new byte[0];

        void answer(int task) {
            answers.add(new byte[] {(byte) task});
        }

        void end() {
            answers.add(END);
        }

        @Override
        public void send(byte[] body, int offset, int length) {
        }

        @Override
        public byte[] receive() throws IOException {
            if (concurrentReads.incrementAndGet() > 1) {
                overlapped = true;
            }
            readers.merge(Thread.currentThread(), 1, Integer::sum);
            try {
                byte[] b = answers.take();
                if (b == END) {
                    answers.add(END);
                    return null;
                }
                return b;
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                concurrentReads.decrementAndGet();
            }
        }

        @Override
        public void close() {
        }
    }

    /** Futures indexed by task number, completed by the sink on the reading thread. */
    static final class Tasks implements ReplyReader.Sink {
        final List<TaskFuture> futures = new ArrayList<>();
        final AtomicReference<Throwable> end = new AtomicReference<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicInteger endCalls = new AtomicInteger();

        Tasks(int n) {
            for (int i = 0; i < n; i++) {
                futures.add(new TaskFuture());
            }
        }

        @Override
        public void onFrame(byte[] frame) {
            futures.get(frame[0]).complete(frame);
        }

        @Override
        public void onEnd(Throwable cause) {
            endCalls.incrementAndGet();
            end.set(cause);
            for (TaskFuture f : futures) {
                f.completeExceptionally(new IllegalStateException("channel ended"));
            }
            ended.countDown();
        }
    }

    /** The peer ends its channel and exits, as a worker does. */
    private static void end(FakeChannel ch, ReplyReader r) {
        ch.end();
        r.peerExited();
    }

    private static ReplyReader started(FakeChannel ch, Tasks tasks, int due) {
        ReplyReader r = new ReplyReader(ch, tasks, "fake");
        r.start();
        for (int i = 0; i < due; i++) {
            r.expect();
        }
        for (TaskFuture f : tasks.futures) {
            f.assign(r);
        }
        return r;
    }

    @Test
    void aWaitingCallerReadsItsOwnAnswer() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(1);
        ReplyReader r = started(ch, tasks, 1);
        ch.answer(0);
        assertArrayEquals(new byte[] {0}, tasks.futures.get(0).get());
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallbackWaitingOnAnotherTaskOfTheSameReaderReadsOnInsteadOfDeadlocking() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(2);
        ReplyReader r = started(ch, tasks, 2);
        // Task 0's callback waits on task 1, whose answer comes only after task 0's was read.
        CompletableFuture<byte[]> d = tasks.futures.get(0).thenApply(x -> tasks.futures.get(1).join());
        ch.answer(0);
        Thread.sleep(20); // task 0 is read and its callback waits before task 1 answers
        ch.answer(1);
        assertArrayEquals(new byte[] {1}, d.get(10, TimeUnit.SECONDS));
        assertFalse(ch.overlapped, "two threads were inside receive() at once");
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallbackBlockedOnADerivedFutureDoesNotStopTheAnswersBehindIt() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(2);
        ReplyReader r = started(ch, tasks, 2);
        // The callback blocks on a plain future derived from task 1: only another thread can read task 1.
        CompletableFuture<byte[]> derived = tasks.futures.get(1).thenApply(b -> b);
        CompletableFuture<byte[]> d = tasks.futures.get(0).thenApply(x -> derived.join());
        ch.answer(0);
        ch.answer(1);
        assertArrayEquals(new byte[] {1}, d.get(10, TimeUnit.SECONDS));
        assertTrue(r.threadsStarted() >= 2, "a spare reader took over");
        assertFalse(ch.overlapped, "two threads were inside receive() at once");
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void answersNobodyWaitsForAreReadByTheBackgroundThread() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(3);
        ReplyReader r = started(ch, tasks, 3);
        List<byte[]> seen = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(3);
        for (TaskFuture f : tasks.futures) {
            f.whenComplete((v, e) -> {
                synchronized (seen) {
                    seen.add(v);
                }
                all.countDown();
            });
        }
        ch.answer(2);
        ch.answer(0);
        ch.answer(1);
        assertTrue(all.await(10, TimeUnit.SECONDS), "callbacks ran without any caller waiting");
        assertEquals(0, r.due());
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
        assertEquals(1, tasks.endCalls.get());
    }

    @Test
    void answersStillDueWhenACallerLeavesAreReadWithoutAnyoneWaiting() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(3);
        ReplyReader r = started(ch, tasks, 3);
        CountDownLatch rest = new CountDownLatch(2);
        tasks.futures.get(1).whenComplete((v, e) -> rest.countDown());
        tasks.futures.get(2).whenComplete((v, e) -> rest.countDown());
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50); // the caller below is waiting by now, most likely inside receive()
                ch.answer(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertArrayEquals(new byte[] {0}, tasks.futures.get(0).get());
        // The caller left without waking anyone; the background threads must still read on.
        Thread.sleep(100);
        ch.answer(1);
        ch.answer(2);
        assertTrue(rest.await(10, TimeUnit.SECONDS), "answers due after the caller left were read");
        assertEquals(0, r.due());
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void timedGetAndJoinWaitTheSameWayAsGet() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(3);
        ReplyReader r = started(ch, tasks, 3);
        ch.answer(0);
        ch.answer(1);
        ch.answer(2);
        assertArrayEquals(new byte[] {0}, tasks.futures.get(0).get(10, TimeUnit.SECONDS));
        assertArrayEquals(new byte[] {1}, tasks.futures.get(1).join());
        assertArrayEquals(new byte[] {2}, tasks.futures.get(2).get());
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aTimedGetWithoutAnAnswerTimesOutAndLeavesTheReaderUsable() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(1);
        ReplyReader r = started(ch, tasks, 1);
        long t0 = System.nanoTime();
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.TimeoutException.class,
                () -> tasks.futures.get(0).get(50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));
        ch.answer(0);
        assertArrayEquals(new byte[] {0}, tasks.futures.get(0).get(10, TimeUnit.SECONDS));
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void manyCallersAndCallbacksEachGetTheirOwnAnswer() throws Exception {
        int n = 64;
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(n);
        ReplyReader r = started(ch, tasks, n);
        List<Thread> callers = new ArrayList<>();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger callbacks = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            int task = i;
            // Each odd task's callback also waits on the next even task.
            if (i % 2 == 1 && i + 1 < n) {
                tasks.futures.get(i).thenRun(() -> {
                    if (tasks.futures.get(task + 1).join()[0] != task + 1) {
                        wrong.incrementAndGet();
                    }
                    callbacks.incrementAndGet();
                });
            }
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    if (tasks.futures.get(task).get()[0] != task) {
                        wrong.incrementAndGet();
                    }
                } catch (Exception e) {
                    wrong.incrementAndGet();
                }
            }));
        }
        for (int i = 0; i < n; i++) {
            ch.answer(i);
            if (i % 8 == 0) {
                Thread.sleep(1);
            }
        }
        for (Thread t : callers) {
            t.join(10_000);
            assertFalse(t.isAlive(), "a caller still waits");
        }
        assertEquals(0, wrong.get());
        assertEquals(n / 2 - 1, callbacks.get());
        assertFalse(ch.overlapped, "two threads were inside receive() at once");
        end(ch, r);
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
    }

    @Test
    void theEndIsReportedOnceAndFailsWhatIsDue() throws Exception {
        FakeChannel ch = new FakeChannel();
        Tasks tasks = new Tasks(2);
        ReplyReader r = started(ch, tasks, 2);
        ch.answer(0);
        assertArrayEquals(new byte[] {0}, tasks.futures.get(0).get());
        end(ch, r);
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> tasks.futures.get(1).get(10, TimeUnit.SECONDS));
        assertSame(IllegalStateException.class, e.getCause().getClass());
        assertTrue(tasks.ended.await(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertEquals(1, tasks.endCalls.get());
        assertNull(tasks.end.get(), "an orderly end has no cause");
    }
}
