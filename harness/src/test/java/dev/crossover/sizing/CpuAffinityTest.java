package dev.crossover.sizing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crossover run --cpus N} binds the whole JVM: every thread, and through inheritance every child JVM
 * and every process a child starts, as a JMH fork and its worker JVMs are. Checked in a JVM of its own, since
 * binding the test JVM would slow every other test.
 */
class CpuAffinityTest {

    /** Entry point of the bound JVM (mode {@code parent N}) and of its child (mode {@code child}). */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("parent")) {
                BitSet chosen = CpuAffinity.restrictProcess(Integer.parseInt(args[1]));
                System.out.println("parent chosen=" + CpuAffinity.list(chosen) + " threads=" + threadsOff(chosen)
                        + " available=" + Runtime.getRuntime().availableProcessors());
                // a thread started after the binding inherits it
                BitSet[] seen = new BitSet[1];
                Thread t = new Thread(() -> seen[0] = CpuAffinity.current());
                t.start();
                t.join();
                System.out.println("newthread=" + CpuAffinity.list(seen[0]));
                System.out.print(run(javaCommand("child")));
            } else {
                CpuBudget b = CpuBudget.detect();
                System.out.println("child allowed=" + CpuAffinity.list(CpuAffinity.current()) + " available="
                        + Runtime.getRuntime().availableProcessors() + " budget=" + b.cores() + " source=" + b.source());
                System.out.print("grandchild " + run(List.of("grep", "Cpus_allowed_list", "/proc/self/status")).replaceAll("\\s+", " ").trim() + "\n");
            }
        }

        /** Threads of this JVM whose CPUs are not {@code chosen}. */
        private static int threadsOff(BitSet chosen) throws IOException {
            int off = 0;
            try (var s = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : s.toList()) {
                    if (!CpuAffinity.ofThread(Integer.parseInt(t.getFileName().toString())).equals(chosen)) {
                        off++;
                    }
                }
            }
            return off;
        }
    }

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + cmd);
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void oneCpuBindsEveryThreadEveryChildJvmAndWhatTheyStart() throws Exception {
        Assumptions.assumeTrue(CpuAffinity.available() && CpuAffinity.current().cardinality() >= 2,
                "needs Linux affinity and two CPUs to bind to one");
        String out = run(javaCommand("parent", "1"));
        String first = CpuAffinity.list(CpuAffinity.choose(1));
        assertTrue(out.contains("parent chosen=" + first + " threads=0 available=1"), out);
        assertTrue(out.contains("newthread=" + first), out);
        assertTrue(out.contains("child allowed=" + first + " available=1 budget=1 source=CPU affinity"), out);
        assertTrue(out.contains("grandchild Cpus_allowed_list: " + first), out);
    }

    @Test
    void aBudgetOutsideTheMachineIsRefusedNamingWhatIsThere() {
        Assumptions.assumeTrue(CpuAffinity.available());
        int have = CpuAffinity.current().cardinality();
        String m = assertThrows(IllegalArgumentException.class, () -> CpuAffinity.choose(have + 1)).getMessage();
        assertTrue(m.contains("--cpus " + (have + 1)) && m.contains("from 1 to " + have), m);
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.choose(0));
        assertEquals(have, CpuAffinity.choose(have).cardinality());
    }

    @Test
    void cpuListsAreWrittenAsLinuxWritesThem() {
        BitSet s = new BitSet();
        s.set(0, 4);
        s.set(8);
        s.set(10, 12);
        assertEquals("0-3,8,10-11", CpuAffinity.list(s));
        assertEquals(7, CpuBudget.countCpus(CpuAffinity.list(s)));
    }
}
