package dev.crossover.sizing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolSizerTest {

    private static CpuBudget budget(int cores) {
        return new CpuBudget(cores, "availableProcessors", cores, Double.NaN, null, null, List.of());
    }

    @Test
    void symbolsResolveFromCores() {
        CpuBudget two = budget(2);
        assertEquals(1, PoolSizer.resolve("1", two, 0));
        assertEquals(1, PoolSizer.resolve("cores/2", two, 0));
        assertEquals(2, PoolSizer.resolve("cores", two, 0));
        assertEquals(4, PoolSizer.resolve("2*cores", two, 0));
        assertEquals(8, PoolSizer.resolve("4 * Cores", two, 0));
        assertEquals(37, PoolSizer.resolve("37", two, 0));
        assertEquals(4, PoolSizer.resolve("cores/2", budget(8), 0));
    }

    @Test
    void coresOverTwoNeverDropsBelowOne() {
        assertEquals(1, PoolSizer.resolve("cores/2", budget(1), 0));
    }

    @Test
    void formulaUsesWaitOverCompute() {
        CpuBudget two = budget(2);
        assertEquals(2, PoolSizer.resolve("formula", two, 0));
        assertEquals(20, PoolSizer.resolve("formula", two, 9));
        assertEquals(40, PoolSizer.resolve("2*formula", two, 9));
        assertEquals(200, PoolSizer.resolve("formula", two, 99));
        assertEquals(PoolSizer.DEFAULT_CAP, PoolSizer.resolve("formula", two, 1e6), "capped");
        assertEquals(PoolSizer.DEFAULT_CAP, PoolSizer.resolve("2*formula", two, 999), "the multiple is capped too");
    }

    @Test
    void blockingFormulaNeverDividesByZero() {
        assertEquals(2 * 101, PoolSizer.blockingFormula(2, 100, 0, 10_000), "zero compute counts as 1 µs");
        assertEquals(4, PoolSizer.blockingFormula(2, 100, 100, 10_000));
        assertEquals(3, PoolSizer.blockingFormula(2, 50, 100, 10_000), "rounded up");
        assertEquals(50, PoolSizer.blockingFormula(2, 100_000, 20, 50));
        assertEquals(2, PoolSizer.blockingFormula(2, 0, 100, 10_000));
        assertThrows(IllegalArgumentException.class, () -> PoolSizer.blockingFormula(0, 1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> PoolSizer.blockingFormula(2, -1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> PoolSizer.blockingFormula(2, Double.NaN, 1, 10));
    }

    @Test
    void badExpressionsListTheAcceptedForms() {
        for (String bad : List.of("", "cores*2.5", "half", "0", "-1", "0*cores", "cores/0", "99999999999", "formula+1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PoolSizer.resolve(bad, budget(2), 1), bad);
            assertTrue(e.getMessage().contains("Accepted forms") && e.getMessage().contains("2*cores")
                    && e.getMessage().contains("formula"), e.getMessage());
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> PoolSizer.resolve("formula", budget(2), Double.NaN));
        assertTrue(nan.getMessage().contains("wait/compute"), nan.getMessage());
    }

    @Test
    void uncappedFormulaGivesTheFullSizeForALongWaitWhereTheCappedOneStopsAtItsCap() {
        // 100 ms wait, 25 µs compute on 2 cores: 2 × (1 + 4000) = 8002 threads
        assertEquals(8002, PoolSizer.blockingFormula(2, 100_000, 25));
        assertEquals(PoolSizer.DEFAULT_CAP, PoolSizer.blockingFormula(2, 100_000, 25, PoolSizer.DEFAULT_CAP));
        assertEquals(2, PoolSizer.blockingFormula(2, 0, 25), "never fewer threads than cores");
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> PoolSizer.blockingFormula(64, 1e12, 0));
        assertTrue(huge.getMessage().contains("cap it explicitly"), huge.getMessage());
    }

    @Test
    void evenlySplittableRoundsUpToAWholeNumberOfThreadsPerWorker() {
        assertEquals(8002, PoolSizer.evenlySplittable(8002, 2));
        assertEquals(8004, PoolSizer.evenlySplittable(8001, 4));
        assertEquals(3, PoolSizer.evenlySplittable(3, 1));
        assertThrows(IllegalArgumentException.class, () -> PoolSizer.evenlySplittable(0, 2));
    }

    @Test
    void roundUpSignificantKeepsTwoDigitsAndNeverRoundsDown() {
        assertEquals(6700, PoolSizer.roundUpSignificant(6669, 2));
        assertEquals(6700, PoolSizer.roundUpSignificant(6700, 2));
        assertEquals(99, PoolSizer.roundUpSignificant(99, 2));
        assertEquals(1000, PoolSizer.roundUpSignificant(991, 2));
        assertEquals(2, PoolSizer.roundUpSignificant(2, 2));
    }
}
