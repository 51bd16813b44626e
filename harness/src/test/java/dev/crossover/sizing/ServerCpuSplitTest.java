package dev.crossover.sizing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's CPU and the clients': which CPUs each gets, and that binding the client side covers every
 * thread of the JVM and what it starts, and is undone. The binding is checked in a JVM of its own, since
 * binding the test JVM would slow every other test.
 */
class ServerCpuSplitTest {

    /** Entry point of the JVM that binds its client side, then restores it. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            BitSet before = CpuAffinity.current();
            ServerCpuSplit split = ServerCpuSplit.plan(CpuBudget.detect());
            split.bindClients();
            System.out.println("bound clients=" + CpuAffinity.list(split.clientCpus()) + " server=" + CpuAffinity.list(split.serverCpus())
                    + " threadsOff=" + threadsOff(split.clientCpus()));
            System.out.print("grandchild " + CpuAffinityTest.run(List.of("grep", "Cpus_allowed_list", "/proc/self/status"))
                    .replaceAll("\\s+", " ").trim() + "\n");
            split.restore();
            System.out.println("restored threadsOff=" + threadsOff(before) + " now=" + CpuAffinity.list(CpuAffinity.current()));
        }

        private static int threadsOff(BitSet cpus) throws IOException {
            int off = 0;
            try (var s = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : s.toList()) {
                    try {
                        if (!CpuAffinity.ofThread(Integer.parseInt(t.getFileName().toString())).equals(cpus)) {
                            off++;
                        }
                    } catch (IllegalStateException ended) {
                        // the thread ended between the listing and the read
                    }
                }
            }
            return off;
        }
    }

    private static BitSet cpus(String list) {
        return CpuBudget.cpuSet(list);
    }

    @Test
    void theServerGetsTheLastCpuAndTheClientsTheRestSizedByTheBudgetLessOne() {
        ServerCpuSplit two = ServerCpuSplit.of(cpus("0-1"), 2);
        assertTrue(two.isSplit());
        assertEquals(cpus("1"), two.serverCpus());
        assertEquals(cpus("0"), two.clientCpus());
        assertEquals(1, two.clientCores());
        assertEquals(1, two.serverCores());
        assertEquals(1, two.serverCpu());
        assertEquals("server on CPU 1 alone, clients on CPU(s) 0 (sized for 1 core(s))", two.describe());

        ServerCpuSplit quota = ServerCpuSplit.of(cpus("0-3,8"), 2);
        assertEquals(cpus("8"), quota.serverCpus());
        assertEquals(cpus("0-3"), quota.clientCpus());
        assertEquals(1, quota.clientCores(), "a quota of 2 cores leaves the clients 1 beside the server's");
    }

    @Test
    void withOneCpuServerAndClientsShareItAsBefore() {
        ServerCpuSplit one = ServerCpuSplit.of(cpus("3"), 1);
        assertFalse(one.isSplit());
        assertNull(one.serverCpus());
        assertEquals(-1, one.serverCpu());
        assertEquals(1, one.clientCores());
        assertEquals(1, one.serverCores());
        assertTrue(one.describe().startsWith("server and clients share CPU(s) 3"), one.describe());
        assertFalse(ServerCpuSplit.of(cpus("0-3"), 1).isSplit(), "a budget of one core is not split");
        ServerCpuSplit unknown = ServerCpuSplit.of(null, 4);
        assertFalse(unknown.isSplit());
        assertEquals(4, unknown.serverCores());
        unknown.bindClients(); // nothing to bind, nothing to undo
        unknown.restore();
        assertThrows(IllegalArgumentException.class, () -> ServerCpuSplit.of(cpus("0-1"), 0));
    }

    @Test
    void bindingTheClientsCoversEveryThreadAndChildAndIsUndone() throws Exception {
        Assumptions.assumeTrue(CpuAffinity.available() && CpuAffinity.current().cardinality() >= 2
                && CpuBudget.detect().cores() >= 2, "needs Linux affinity and a budget of two CPUs");
        BitSet mine = CpuAffinity.current();
        ServerCpuSplit expected = ServerCpuSplit.of(mine, CpuBudget.detect().cores());
        String clients = CpuAffinity.list(expected.clientCpus());
        String out = CpuAffinityTest.run(CpuAffinityTest.javaCommand().stream()
                .map(a -> a.equals(CpuAffinityTest.Probe.class.getName()) ? Probe.class.getName() : a).toList());
        assertTrue(out.contains("bound clients=" + clients + " server=" + CpuAffinity.list(expected.serverCpus()) + " threadsOff=0"), out);
        assertTrue(out.contains("grandchild Cpus_allowed_list: " + clients), out);
        assertTrue(out.contains("restored threadsOff=0 now=" + CpuAffinity.list(mine)), out);
    }
}
