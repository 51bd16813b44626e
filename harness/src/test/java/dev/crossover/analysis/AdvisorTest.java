package dev.crossover.analysis;

import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdvisorTest {

    @Test
    void durationsParseWithTheirUnits() {
        assertEquals(200, Advisor.parseMicros("200us"));
        assertEquals(5000, Advisor.parseMicros("5ms"));
        assertEquals(500000, Advisor.parseMicros("0.5s"));
        assertEquals(1.5, Advisor.parseMicros("1500ns"));
        assertEquals(200, Advisor.parseMicros("200"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Advisor.parseMicros("5 parsecs"));
        assertTrue(e.getMessage().contains("200us, 5ms"), e.getMessage());
    }

    @Test
    void advisesFromTheRecordedRunBetweenMeasuredWaitFractions() throws Exception {
        Analysis a = Analysis.of(RunData.load(List.of(Fixtures.recordedRun())));
        Advisor.Advice advice = Advisor.advise(a, 200, 5000);
        assertEquals(5000.0 / 5200, advice.waitFraction(), 1e-12);
        assertEquals(4, advice.estimates().size(), advice.estimates().toString());
        for (int i = 1; i < advice.estimates().size(); i++) {
            assertTrue(advice.estimates().get(i - 1).score() >= advice.estimates().get(i).score());
        }
        // between the measured 0.9 and 0.99: the interpolated score lies between the two measured ones
        Curve formula = Curves.of(a.data().results(), "MixedBench.mixed", "thrpt", "waitFraction", "poolSize",
                Curves.SizeResolver.none()).get("formula");
        double est = advice.estimates().stream().filter(e -> e.config().equals("formula")).findFirst().orElseThrow().score();
        assertTrue(est > formula.at(0.9).y() && est < formula.at(0.99).y(), est + " vs " + formula.points());
        assertTrue(advice.distance().startsWith("between measured wait fractions (nearest 0.99"), advice.distance());
        assertTrue(advice.distance().contains("taskMicros=1000"), advice.distance());
        assertTrue(advice.lines().stream().anyMatch(l -> l.contains("2 × (1 + 25) = 52 workers")), advice.lines().toString());
        String top = advice.estimates().getFirst().config();
        assertTrue(advice.best().contains("pool " + top) || advice.best().startsWith("virtual"), advice.best());
        if (top.equals("formula")) {
            assertEquals(52, advice.workers());
        }
    }

    @Test
    void theFormulaPoolIsCappedAsTheBenchmarksCapIt() throws Exception {
        Analysis a = Analysis.of(RunData.load(List.of(Fixtures.recordedRun())));
        // W/C = 1000 on 2 cores: the raw formula says 2002 threads; PoolSizer (and so MixedBench) stops at 1000
        Advisor.Advice advice = Advisor.advise(a, 100, 100_000);
        assertTrue(advice.lines().stream().anyMatch(l -> l.contains("= 2002 workers, capped at 1000")), advice.lines().toString());
        String top = advice.estimates().getFirst().config();
        if (top.equals("formula") || top.equals("2*formula")) {
            assertEquals(1000, advice.workers());
        }
    }

    @Test
    void interpolatesInLogWaitOverComputeAndReadsTheNearestOutsideTheRange() throws BadInputException {
        // two pools measured at wait fractions 0.5 (W/C = 1) and 0.99 (W/C = 99): at W/C = 9.95 (fraction 0.9087) the
        // log(W/C) midpoint, "big" is the geometric mean of its two scores
        List<dev.crossover.results.BenchmarkResult> rs = List.of(
                result("MixedBench.mixed", "thrpt", 1000, 10, "ops/s", "poolSize", "cores", "waitFraction", "0.5"),
                result("MixedBench.mixed", "thrpt", 1000, 10, "ops/s", "poolSize", "cores", "waitFraction", "0.99"),
                result("MixedBench.mixed", "thrpt", 900, 10, "ops/s", "poolSize", "virtual", "waitFraction", "0.5"),
                result("MixedBench.mixed", "thrpt", 90000, 10, "ops/s", "poolSize", "virtual", "waitFraction", "0.99"));
        Analysis a = Analysis.of(Fixtures.run(rs, 2, Map.of()));
        double wc = Math.sqrt(99);
        Advisor.Advice mid = Advisor.advise(a, 100, 100 * wc);
        Advisor.Estimate v = mid.estimates().getFirst();
        assertEquals("virtual", v.config());
        assertEquals(Math.sqrt(900.0 * 90000), v.score(), 1e-6);
        assertNull(mid.workers(), "virtual threads: one per task, no pool size");
        assertTrue(mid.best().startsWith("virtual threads"), mid.best());
        Advisor.Advice below = Advisor.advise(a, 1000, 10);
        assertTrue(below.distance().startsWith("outside the measured wait fractions 0.5 – 0.99: read at the nearest, 0.5"), below.distance());
        assertEquals("cores", below.estimates().getFirst().config());
        assertEquals(2, below.workers());
    }

    @Test
    void aRunWithoutMixedResultsIsBadInputNamingWhatToRun() {
        Analysis a = Analysis.of(Fixtures.run(List.of(), 2, Map.of()));
        BadInputException e = assertThrows(BadInputException.class, () -> Advisor.advise(a, 200, 5000));
        assertTrue(e.getMessage().contains("no MixedBench.mixed results") && e.getMessage().contains("-Dbench.claims=X4"), e.getMessage());
    }

    @Test
    void aTaskWithoutWaitIsReadFromTheCpuBoundSweep() throws Exception {
        Analysis a = Analysis.of(RunData.load(List.of(Fixtures.recordedRun())));
        Advisor.Advice advice = Advisor.advise(a, 850, 0);
        assertEquals(4, advice.estimates().size());
        assertTrue(advice.lines().getFirst().contains("work units"), advice.lines().toString());
        assertTrue(advice.distance().contains("within the measured task sizes"), advice.distance());
        assertEquals(2, advice.workers());
    }
}
