package dev.crossover.results;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a secondary metric is read: event counters per iteration, everything else as JMH scored it. */
class MetricTest {

    @Test
    void anEventCounterReadsAsItsMeanPerIterationNotJmhsSum() {
        // as JMH 1.37 wrote CostCounters.poolRssMb for 1 fork × 2 iterations: score = 67.05 + 67.70
        Metric rss = new Metric(134.75390625, Double.NaN, "#", List.of(List.of(67.0546875, 67.69921875)), Map.of());
        assertTrue(rss.isEventCounter());
        assertEquals(67.376953125, rss.value(), 1e-9);
        assertEquals(2, rss.iterationCount());
        // two iterations: JMH gives no error, and neither does the per-iteration mean
        assertTrue(Double.isNaN(rss.valueError()));
    }

    @Test
    void anEventCounterOverSeveralForksAveragesEveryIterationAndGetsAnError() {
        Metric torn = new Metric(30, Double.NaN, "#", List.of(List.of(2.0, 4.0, 3.0), List.of(6.0, 7.0, 8.0)), Map.of());
        assertEquals(5.0, torn.value(), 1e-9);
        assertTrue(torn.valueError() > 0 && Double.isFinite(torn.valueError()));
    }

    @Test
    void anEventCounterWithoutRawDataFallsBackToTheScore() {
        Metric m = new Metric(7, Double.NaN, "#", List.of(), Map.of());
        assertEquals(7, m.value());
    }

    @Test
    void otherMetricsKeepJmhsScoreAndError() {
        Metric alloc = new Metric(24, 0.5, "B/op", List.of(List.of(23.0, 25.0)), Map.of());
        assertFalse(alloc.isEventCounter());
        assertEquals(24, alloc.value());
        assertEquals(0.5, alloc.valueError());
    }
}
