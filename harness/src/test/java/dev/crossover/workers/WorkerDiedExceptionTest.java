package dev.crossover.workers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerDiedExceptionTest {

    @Test
    void thePidIsNamedOnceWhetherOrNotTheWorkersNameCarriesIt() {
        String named = new WorkerDiedException("worker-1 (pid 4242)", 4242, 137, List.of()).getMessage();
        assertEquals("worker-1 (pid 4242) died with exit code 137; it wrote nothing to stderr", named);
        String bare = new WorkerDiedException("worker-1", 4242, null, List.of()).getMessage();
        assertEquals("worker-1 (pid 4242) died; it wrote nothing to stderr", bare);
    }
}
