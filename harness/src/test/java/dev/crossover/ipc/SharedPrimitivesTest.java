package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedPrimitivesTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @Test
    void typedArraysGetSetAddAndCompareAndSetThroughASecondMapping() {
        SharedLongArray longs = cleanup.closeLater(SharedLongArray.create(4));
        SharedLongArray longs2 = cleanup.closeLater(SharedLongArray.open(longs.name()));
        longs.set(3, 40);
        assertEquals(42, longs2.add(3, 2));
        assertTrue(longs2.compareAndSet(3, 42, 7));
        assertFalse(longs.compareAndSet(3, 42, 8));
        assertEquals(7, longs.get(3));
        assertEquals(7, longs.getAndAdd(3, 1));

        SharedIntArray ints = cleanup.closeLater(SharedIntArray.create(2));
        SharedIntArray ints2 = cleanup.closeLater(SharedIntArray.open(ints.name()));
        assertEquals(5, ints.add(1, 5));
        assertEquals(5, ints2.get(1));
        assertTrue(ints2.compareAndSet(1, 5, -1));
        assertEquals(-1, ints.get(1));

        SharedDoubleArray doubles = cleanup.closeLater(SharedDoubleArray.create(3));
        SharedDoubleArray doubles2 = cleanup.closeLater(SharedDoubleArray.open(doubles.name()));
        doubles.set(0, 1.5);
        assertEquals(3.75, doubles2.add(0, 2.25));
        assertTrue(doubles2.compareAndSet(0, 3.75, -0.5));
        assertEquals(-0.5, doubles.get(0));

        SharedLong v = cleanup.closeLater(SharedLong.create());
        SharedLong v2 = cleanup.closeLater(SharedLong.open(v.name()));
        v.set(10);
        assertEquals(11, v2.add(1));
        assertTrue(v2.compareAndSet(11, 12));
        assertEquals(12, v.get());
        SharedDouble d = cleanup.closeLater(SharedDouble.create());
        assertEquals(0.25, cleanup.closeLater(SharedDouble.open(d.name())).add(0.25));
        assertEquals(0.25, d.get());
    }

    @Test
    void outOfRangeIndexAndWrongKindFailClearly() {
        SharedLongArray longs = cleanup.closeLater(SharedLongArray.create(2));
        assertThrows(IndexOutOfBoundsException.class, () -> longs.get(2));
        var e = assertThrows(IllegalArgumentException.class, () -> SharedIntArray.open(longs.name()));
        assertTrue(e.getMessage().contains("is not a shared int-array"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedLongArray.create(0));
    }

    @Test
    void threadsAddingToADoubleLoseNothing() throws Exception {
        SharedDouble d = cleanup.closeLater(SharedDouble.create());
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50_000; i++) {
                    d.add(1.0);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(200_000.0, d.get());
    }

    @Test
    void processesAddingToOneCounterReachTheExactSum() throws Exception {
        SharedLongArray counters = cleanup.closeLater(SharedLongArray.create(1));
        int processes = 3;
        long each = 300_000;
        List<PeerJvm> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            children.add(cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "counter-add", counters.name(), Long.toString(each), "0")));
        }
        for (long i = 0; i < each; i++) {
            counters.add(0, 1); // this process contends too
        }
        for (PeerJvm c : children) {
            assertEquals("OK", c.expect("OK", Duration.ofSeconds(60)));
            assertEquals(0, c.waitFor(Duration.ofSeconds(10)));
        }
        assertEquals((processes + 1) * each, counters.get(0));
    }
}
