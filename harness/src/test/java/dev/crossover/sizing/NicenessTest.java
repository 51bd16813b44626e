package dev.crossover.sizing;

import dev.crossover.profile.ProcFs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NicenessTest {

    @Test
    void aThreadThatLowersItsPriorityChangesOnlyItselfAndTheKernelSaysSo() throws Exception {
        Assumptions.assumeTrue(Niceness.available() && ProcFs.AVAILABLE, "needs Linux");
        long pid = ProcessHandle.current().pid();
        int before = Niceness.ofProcess(pid);
        assertTrue(before >= -20 && before <= 19, "read from /proc: " + before);
        int target = Math.min(19, before + 3); // a higher nice value needs no privilege
        String[] seen = new String[1];
        boolean[] set = new boolean[1];
        Thread t = Thread.ofPlatform().start(() -> {
            set[0] = Niceness.setCurrentThread(target);
            try {
                String stat = Files.readString(Path.of("/proc/thread-self/stat"));
                seen[0] = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+")[16];
            } catch (Exception e) {
                seen[0] = e.toString();
            }
        });
        t.join();
        assertTrue(set[0], "raising the nice value is always allowed");
        assertEquals(Integer.toString(target), seen[0], "that thread's nice value");
        assertEquals(before, Niceness.ofProcess(pid), "the process's main thread keeps its own");
    }

    @Test
    void aValueOutsideLinuxsRangeIsRefusedWithTheRange() {
        String m = assertThrows(IllegalArgumentException.class, () -> Niceness.setCurrentThread(20)).getMessage();
        assertTrue(m.contains("-20") && m.contains("19"), m);
        assertEquals(Integer.MIN_VALUE, Niceness.ofProcess(Long.MAX_VALUE), "an unknown process");
    }
}
