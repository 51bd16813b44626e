package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShmLockTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @Test
    void recordsItsOwnerAndRefusesAForeignUnlock() {
        ShmLock lock = cleanup.closeLater(ShmLock.create());
        assertTrue(lock.owner().isEmpty());
        assertTrue(lock.tryLock());
        assertEquals(ProcessIdentity.current(), lock.owner().orElseThrow());
        assertTrue(lock.isHeldByCurrentProcess());
        lock.unlock();
        var e = assertThrows(IllegalMonitorStateException.class, lock::unlock);
        assertTrue(e.getMessage().contains("not held by this process"), e.getMessage());
    }

    @Test
    void c15TakingTheSharedLockTwiceTimesOutWhileAReentrantLockNests() throws Exception {
        ShmLock lock = cleanup.closeLater(ShmLock.create());
        lock.lock();
        assertFalse(lock.tryLock(Duration.ofMillis(50)), "a non-reentrant lock taken twice must not succeed");
        lock.unlock();

        ReentrantLock r = new ReentrantLock();
        r.lock();
        assertTrue(r.tryLock(50, TimeUnit.MILLISECONDS));
        assertEquals(2, r.getHoldCount());
        r.unlock();
        r.unlock();
    }

    @Test
    void aLockHeldByAKilledProcessIsRecovered() throws Exception {
        ShmLock lock = cleanup.closeLater(ShmLock.create());
        PeerJvm child = cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "lock-hold", lock.name()));
        child.expect("LOCKED", Duration.ofSeconds(30));
        assertEquals(child.pid(), lock.owner().orElseThrow().pid());
        assertFalse(lock.tryLock(Duration.ofMillis(100)), "the live owner's lock must hold");
        child.process().destroyForcibly();
        child.process().waitFor();
        assertTrue(lock.tryLock(Duration.ofSeconds(5)), "lock of a SIGKILLed owner was not recovered");
        assertEquals(child.pid(), lock.lastRecoveredFrom().pid());
        assertTrue(lock.isHeldByCurrentProcess());
        lock.unlock();
    }

    @Test
    void processesIncrementingUnderTheLockLoseNoUpdate() throws Exception {
        ShmLock lock = cleanup.closeLater(ShmLock.create());
        SharedLongArray cell = cleanup.closeLater(SharedLongArray.create(1));
        int processes = 3;
        long each = 50_000;
        List<PeerJvm> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            children.add(cleanup.closeLater(PeerJvm.start(IpcPeerMain.class, "lock-increment", lock.name(), cell.name(), Long.toString(each))));
        }
        for (PeerJvm c : children) {
            c.expect("OK", Duration.ofSeconds(60));
        }
        // get-then-set is not atomic: only mutual exclusion makes the sum exact
        assertEquals(processes * each, cell.get(0));
    }
}
