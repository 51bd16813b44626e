package dev.crossover.profile;

import dev.crossover.load.NativeFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JFR count of pinned virtual threads: a native frame pins, a monitor does not (JEP 491), and nothing is left behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PinnedEventsTest {

    /** Starts {@code n} virtual threads running {@code body} and waits for all; rethrows the first failure. */
    private static void onVirtualThreads(int n, NativeFrame.Action body) throws Exception {
        List<Thread> ts = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int i = 0; i < n; i++) {
            ts.add(Thread.ofVirtual().start(() -> {
                try {
                    body.run();
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Test
    void aVirtualThreadSleepingInsideANativeFrameIsCountedOncePerSleep() throws Exception {
        try (PinnedEvents pins = PinnedEvents.start()) {
            onVirtualThreads(3, () -> NativeFrame.run(() -> Thread.sleep(2)));
            long n = pins.stop();
            // one event per pinned park; a sleep woken early parks again, so at least one each
            assertTrue(n >= 3 && n <= 6, "three virtual threads each slept once pinned by qsort's frame: " + n);
        }
    }

    @Test
    void sleepingInsideSynchronizedOrAReentrantLockDoesNotPin() throws Exception {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        try (PinnedEvents pins = PinnedEvents.start()) {
            onVirtualThreads(4, () -> {
                synchronized (monitor) {
                    Thread.sleep(2);
                }
                lock.lock();
                try {
                    Thread.sleep(2);
                } finally {
                    lock.unlock();
                }
            });
            assertEquals(0, pins.stop(), "JDK 24+ (JEP 491) unmounts a virtual thread blocked in a monitor");
        }
    }

    @Test
    void nativeFrameRunsTheActionOnceAndRethrowsWhatItThrew() {
        int[] calls = new int[1];
        IOException thrown = assertThrows(IOException.class, () -> NativeFrame.run(() -> {
            calls[0]++;
            throw new IOException("from inside qsort");
        }));
        assertEquals("from inside qsort", thrown.getMessage());
        assertEquals(1, calls[0]);
    }

    @Test
    void stopLeavesNoRecordingFileAndRefusesASecondStop() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = leftovers(tmp);
        PinnedEvents pins = PinnedEvents.start();
        try {
            assertEquals(0, pins.stop());
            IllegalStateException twice = assertThrows(IllegalStateException.class, pins::stop);
            assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        } finally {
            pins.close();
        }
        assertEquals(before, leftovers(tmp), "stop() deletes its dump");
    }

    private static long leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("crossover-pinned-")).count();
        }
    }
}
