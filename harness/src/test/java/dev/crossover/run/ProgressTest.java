package dev.crossover.run;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressTest {

    @Test
    void durationsReadLikeAClock() {
        assertEquals("0s", Progress.duration(0.2));
        assertEquals("45s", Progress.duration(45));
        assertEquals("2m10s", Progress.duration(130));
        assertEquals("20m00s", Progress.duration(1200));
        assertEquals("1h05m", Progress.duration(3900));
        assertEquals("0s", Progress.duration(-3));
    }

    @Test
    void lineNamesGroupConfigurationElapsedAndRemaining() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("executor", "THREADS");
        p.put("poolSize", "2");
        assertEquals("[group 3/12] CpuBoundBench.poolSweep executor=THREADS poolSize=2 (config 2/16), elapsed 2m10s, ~5m00s left",
                Progress.format(3, 12, "CpuBoundBench.poolSweep", p, 2, 16, 130, 300));
        assertEquals("[group 1/1] RoundTripBench (config 1/6), elapsed 0s, ~10s left",
                Progress.format(1, 1, "RoundTripBench", Map.of(), 1, 6, 0, 10));
    }

    @Test
    void remainingIsScaledByHowTheEstimateFaredSoFar() {
        Progress p = new Progress(100, 0);
        assertEquals(100, p.remainingSeconds(0), 1e-9, "no evidence yet: the estimate");
        p.done(50);
        assertEquals(100, p.remainingSeconds(100), 1e-9, "twice as slow as estimated: twice the rest");
        assertEquals(25, p.remainingSeconds(25), 1e-9, "twice as fast: half the rest");
        p.done(100);
        assertEquals(0, p.remainingSeconds(100), 1e-9);
    }
}
