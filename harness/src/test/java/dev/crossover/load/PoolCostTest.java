package dev.crossover.load;

import dev.crossover.workers.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolCostTest {

    @AfterAll
    static void noChildLeft() {
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList());
    }

    private static Workers poolOf(List<Long> pids) {
        return (Workers) Proxy.newProxyInstance(Workers.class.getClassLoader(), new Class<?>[] {Workers.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "workerPids" -> pids;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void statFieldsAreCountedFromTheLastParenthesis() {
        String stat = "4711 (my (odd) cmd) S 1 4711 4711 0 -1 4194560 1234 0 0 0 250 75 0 0 20 0 1 0 100 0 0";
        assertEquals(325, PoolCost.cpuTicks(stat));
    }

    @Test
    void thisJvmHasResidentMemoryAndGoneProcessesReadAsMinusOne() {
        long self = ProcessHandle.current().pid();
        assertTrue(PoolCost.rssKb(self) > 1024, "a JVM holds more than a MiB");
        assertTrue(PoolCost.cpuMs(self) >= 0);
        assertEquals(-1, PoolCost.rssKb(Long.MAX_VALUE));
        assertEquals(-1, PoolCost.cpuMs(Long.MAX_VALUE));
        assertEquals(0, PoolCost.childCpuMs(null));
    }

    @Test
    void childrenAddTheirMemoryAndCpuTime() throws Exception {
        // A child that burns about half a second of CPU, then sleeps so we can read it.
        Process child = new ProcessBuilder("sh", "-c",
                "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 30").start();
        try {
            Workers pool = poolOf(List.of(child.pid()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (PoolCost.childCpuMs(pool) < 100 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(PoolCost.childCpuMs(pool) >= 100, "the child's CPU time is counted");
            assertTrue(PoolCost.rssKb(child.pid()) > 0);
            // A "child" that is this JVM itself makes the sum about twice this JVM alone.
            long self = ProcessHandle.current().pid();
            double selfOnly = PoolCost.poolRssMb(null);
            double doubled = PoolCost.poolRssMb(poolOf(List.of(self)));
            assertTrue(doubled > 1.5 * selfOnly, "children's resident memory is added: " + selfOnly + " vs " + doubled);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
