package dev.crossover.profile;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessTreeTest {

    private static final long BURN_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    @Test
    void countsTheCpuOfAChildWhileItRunsAndAfterItEnded() throws Exception {
        assumeTrue(ProcFs.AVAILABLE, "Linux only");
        ProcessTree start = ProcessTree.sample();
        assertNotNull(start);
        Process child = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ProcFs.cpuNanos(child.pid()) < BURN_NANOS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long childCpu = ProcFs.cpuNanos(child.pid());
            assertTrue(childCpu >= BURN_NANOS, "the spinning child got no CPU within 30 s: " + childCpu + " ns");
            ProcessTree running = ProcessTree.sample();
            assertTrue(running.processes() >= 2, "the child is part of the tree: " + running);
            assertTrue(running.cpuNanos() - start.cpuNanos() >= childCpu,
                    "tree CPU " + (running.cpuNanos() - start.cpuNanos()) + " ns < the child's " + childCpu + " ns");
            assertTrue(running.memoryKb() > start.memoryKb() / 2 && running.memoryKb() > 0);

            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            // the JDK reaped the child: its CPU now comes from this JVM's reaped-children figures
            ProcessTree ended = ProcessTree.sample();
            assertTrue(ended.cpuNanos() - start.cpuNanos() >= childCpu,
                    "an ended child's CPU must stay counted: " + (ended.cpuNanos() - start.cpuNanos()) + " ns < " + childCpu + " ns");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void countsTheSwitchesOfThreadsThatEnded() throws Exception {
        assumeTrue(ProcFs.AVAILABLE && ResourceUsage.self() != null, "Linux with getrusage through FFM");
        ProcessTree start = ProcessTree.sample();
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200; i++) {
                try {
                    Thread.sleep(1); // each sleep is a voluntary switch
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.join();
        ProcessTree end = ProcessTree.sample();
        assertTrue(end.contextSwitches() - start.contextSwitches() >= 200,
                "switches of an ended thread: " + (end.contextSwitches() - start.contextSwitches()));
    }
}
