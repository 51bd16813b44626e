package dev.crossover.claims;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchRefTest {

    @Test
    void matchesItsClassMethodAndEveryParamItNames() {
        BenchRef ref = BenchRef.of("IoBoundBench", "requests").with("executor", "VIRTUAL");
        assertTrue(ref.matches("IoBoundBench.requests", Map.of("executor", "VIRTUAL", "concurrency", "100")));
        assertFalse(ref.matches("IoBoundBench.requests", Map.of("executor", "PROCESS")));
        assertFalse(ref.matches("IoBoundBench.requests", Map.of()), "a named param must be present");
        assertFalse(ref.matches("IoBoundBench.latency", Map.of("executor", "VIRTUAL")));
        assertTrue(BenchRef.of("IoBoundBench", "requests").matches("IoBoundBench.requests", Map.of("executor", "PROCESS")));
        assertEquals("IoBoundBench.requests", ref.shortName());
    }

    @Test
    void refusesQualifiedNames() {
        assertThrows(IllegalArgumentException.class, () -> BenchRef.of("dev.crossover.bench.IoBoundBench", "requests"));
        assertThrows(IllegalArgumentException.class, () -> BenchRef.of("IoBoundBench", "IoBoundBench.requests"));
    }
}
