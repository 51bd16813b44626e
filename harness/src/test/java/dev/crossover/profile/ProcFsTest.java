package dev.crossover.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcFsTest {

    @Test
    void statTimesCountFieldsFromTheLastParenthesis() {
        // a command name holding spaces and a ')' must not shift the fields
        String stat = "4242 (a b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 325 17 9 4 20 0 1 0 12345 1000 10 18446744073709551615";
        assertArrayEquals(new long[] {325, 17, 9, 4}, ProcFs.statTimes(stat));
    }

    @Test
    void fieldsAreReadFromTheStartOfALine() {
        String status = "Name:\tjava\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n";
        assertEquals(15, ProcFs.switchesIn(status));
        assertEquals(-1, ProcFs.switchesIn("Name:\tjava\n"));
        // "voluntary_" must not match inside "nonvoluntary_"
        assertEquals(3, ProcFs.field("nonvoluntary_ctxt_switches:\t3\n", "nonvoluntary_ctxt_switches:"));
        assertEquals(-1, ProcFs.field("nonvoluntary_ctxt_switches:\t3\n", "voluntary_ctxt_switches:"));
        assertEquals(-1, ProcFs.field(null, "Pss:"));
    }

    @Test
    void readsThisProcessAndItsThreads() {
        assumeTrue(ProcFs.AVAILABLE, "Linux only");
        long pid = ProcessHandle.current().pid();
        long tid = ProcFs.currentThreadId();
        assertTrue(tid > 0);
        assertTrue(ProcFs.threadContextSwitches(pid, tid) >= 0);
        assertTrue(ProcFs.contextSwitches(pid) >= ProcFs.threadContextSwitches(pid, tid));
        assertTrue(ProcFs.rssKb(pid) > 1024, "a JVM holds more than a MiB");
        assertTrue(ProcFs.cpusAllowed(pid, tid).matches("[0-9,-]+"), ProcFs.cpusAllowed(pid, tid));
        assertEquals(-1, ProcFs.rssKb(Long.MAX_VALUE));
        assertEquals(-1, ProcFs.cpuNanos(Long.MAX_VALUE));
        assertEquals(-1, ProcFs.contextSwitches(Long.MAX_VALUE));
    }
}
