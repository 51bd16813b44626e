package dev.crossover.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether the sides of a shared-memory pool spin before blocking: only when the workers leave a
 * core free, and the child is told the same as the parent.
 */
class ShmTransportTest {

    @Test
    void spinsFirstOnlyWhenTheWorkersLeaveACoreFree() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertFalse(ShmTransport.spinFirst(cores), "a worker per core: block at once");
        assertFalse(ShmTransport.spinFirst(2 * cores));
        assertEquals(cores > 1, ShmTransport.spinFirst(cores - 1));
    }

    @Test
    void theChildIsToldWhetherToSpinFirst() {
        for (boolean spinFirst : new boolean[] {false, true}) {
            WorkerTransport.Endpoint e = new ShmTransport("backoff", spinFirst).prepare("w");
            List<String> args = e.childArgs();
            try {
                assertEquals(ShmChildTransport.class.getName(), args.get(0));
                assertEquals(List.of("backoff", Boolean.toString(spinFirst)), args.subList(3, 5));
            } finally {
                e.close();
            }
            assertFalse(Files.exists(Path.of(args.get(1))) || Files.exists(Path.of("/dev/shm", args.get(1))), "ring deleted");
        }
    }

    @Test
    void aChildWithoutTheSpinFirstArgumentIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShmChildTransport().open(new String[] {"r", "s", "backoff"}, null, null));
        assertTrue(e.getMessage().contains("SPIN_FIRST (true or false)"), e.getMessage());
    }
}
