package dev.crossover.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The C21-C23 benchmarks' states and operations outside JMH: each checks what it moves or ends, and stops what it started. */
class QueueAndLifecycleBenchTest {

    @AfterAll
    static void nothingLeft() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(), "child processes left behind");
    }

    @Test
    void throughputBatchesMoveEveryItemOnBothSides() throws Exception {
        QueueThroughputBench b = new QueueThroughputBench();
        b.pairs = 2;
        QueueThroughputBench.JvmRig jvm = new QueueThroughputBench.JvmDeque();
        jvm.start(b);
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(QueueThroughputBench.BATCH, jvm.batch(b.pairs));
            }
        } finally {
            jvm.stop();
        }
        QueueThroughputBench.ShmRig shm = new QueueThroughputBench.ShmPriority();
        shm.start(b);
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(QueueThroughputBench.BATCH, shm.batch(b.pairs));
            }
        } finally {
            shm.stop();
        }
    }

    @Test
    void handoffRoundTripsComeBackCheckedWithOneOrTwoTakers() throws Exception {
        QueueHandoffBench b = new QueueHandoffBench();
        b.takers = 2;
        QueueHandoffBench.ShmEcho shm = new QueueHandoffBench.ShmDeque();
        shm.start(b);
        assertEquals(2, shm.children.size(), "one echo child per taker");
        try {
            for (int i = 0; i < 100; i++) {
                assertTrue(shm.roundTrip() > 0);
            }
        } finally {
            shm.stop();
        }
        for (int takers : new int[] {1, 2}) {
            b.takers = takers;
            QueueHandoffBench.JvmLifo jvm = new QueueHandoffBench.JvmLifo();
            jvm.start(b);
            try {
                assertEquals(takers, jvm.echoes.size(), "one echo thread per taker");
                for (int i = 0; i < 100; i++) {
                    assertTrue(jvm.roundTrip() > 0);
                }
            } finally {
                jvm.stop();
            }
        }
    }

    @Test
    void equalPrioritiesAreCountedAsFound() throws Exception {
        PriorityOrderBench b = new PriorityOrderBench();
        b.entries();
        PriorityOrderBench.Order order = new PriorityOrderBench.Order();
        assertTrue(b.jvmEqualPriorities(order) > 0, "PriorityBlockingQueue kept insertion order among 1000 equals");
        PriorityOrderBench.Shared s = new PriorityOrderBench.Shared();
        s.start();
        try {
            assertEquals(PriorityOrderBench.ITEMS, b.shmEqualPriorities(s, order));
        } finally {
            s.stop();
        }
    }

    @Test
    void terminateAndJoinTimeoutEndOrWaitAsTheyMust() throws Exception {
        TerminateBench t = new TerminateBench();
        TerminateBench.Child c = new TerminateBench.Child();
        c.start();
        try {
            assertEquals(143, t.childJvmTerminate(c));
        } finally {
            c.stop();
        }
        TerminateBench.VirtualBlocked v = new TerminateBench.VirtualBlocked();
        v.start();
        assertFalse(t.virtualThreadInterrupt(v));
        v.stop();

        JoinTimeoutBench j = new JoinTimeoutBench();
        JoinTimeoutBench.Child jc = new JoinTimeoutBench.Child();
        jc.start();
        try {
            assertTrue(j.childProcess(jc) >= JoinTimeoutBench.TIMEOUT.toNanos());
        } finally {
            jc.stop();
        }
    }

    @Test
    void poolTerminateCancelsEveryTaskInFlight() throws Exception {
        PoolTerminateBench b = new PoolTerminateBench();
        PoolTerminateBench.Busy shm = new PoolTerminateBench.ProcessShm();
        shm.start();
        try {
            assertEquals(PoolTerminateBench.TASKS, b.processShm((PoolTerminateBench.ProcessShm) shm));
        } finally {
            shm.end();
        }
        PoolTerminateBench.Busy threads = new PoolTerminateBench.Threads();
        threads.start();
        try {
            assertEquals(PoolTerminateBench.TASKS, b.threads((PoolTerminateBench.Threads) threads));
        } finally {
            threads.end();
        }
    }
}
