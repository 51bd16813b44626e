package dev.crossover.analysis;

import dev.crossover.results.BadInputException;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.DecisionMapTest.forks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void anotherComputeSizeThanMeasuredIsOutsideAndGetsTheCoresCeilingNotACurveReading() throws Exception {
        // the mixed load ran 1 ms tasks; 200 µs + 5 ms is another task: no throughput is read off those curves
        Analysis a = Analysis.of(RunData.load(List.of(Fixtures.recordedRun())));
        Advisor.Advice advice = Advisor.advise(a, 200, 5000);
        assertEquals(5000.0 / 5200, advice.waitFraction(), 1e-12);
        assertFalse(advice.measured());
        assertTrue(Double.isNaN(advice.throughput()), "no throughput read off curves of another task: " + advice.throughput());
        // 2 cores and 200 µs of compute per task: at most 10,000 tasks/s, whatever the pool
        assertEquals(10_000, advice.ceiling(), 1e-6);
        assertTrue(advice.ceilingText().contains("2 cores ÷ 200 µs of compute per task"), advice.ceilingText());
        assertTrue(advice.distance().startsWith("outside what was measured"), advice.distance());
        assertTrue(advice.distance().contains("yours is 200 µs + 5 ms"), advice.distance());
        assertTrue(advice.lines().stream().anyMatch(l -> l.contains("2 × (1 + 25) = 52 threads")), advice.lines().toString());
        assertTrue(advice.use().contains("nearest measured mix"), advice.use());
    }

    @Test
    void theIssuesQuestionOnTheExampleRunNoLongerStatesAnImpossibleThroughput() throws Exception {
        Path example = Path.of("..", "results", "example");
        assumeTrue(Files.isDirectory(example), "results/example is part of the repository");
        Analysis a = Analysis.of(RunData.load(List.of(example)));
        Advisor.Advice advice = Advisor.advise(a, 200, 5000);
        assertFalse(advice.measured());
        assertTrue(Double.isNaN(advice.throughput()) || advice.throughput() <= 10_000, String.valueOf(advice.throughput()));
        assertTrue(advice.ceiling() <= 10_000, String.valueOf(advice.ceiling()));
        assertFalse(advice.use().contains("200 threads"), "the pool measured for another task is not offered as this task's size: " + advice.use());
    }

    @Test
    void aQuestionAtAMeasuredPointIsAnsweredWithItsMeasuredScore() throws Exception {
        Analysis a = Analysis.of(RunData.load(List.of(Fixtures.recordedRun())));
        Advisor.Advice advice = Advisor.advise(a, 100, 900);
        assertTrue(advice.measured(), advice.distance());
        Answer at = DecisionMap.of(a).axis(Answer.Shape.MIXED).points().stream().filter(p -> p.x() == 0.9).findFirst().orElseThrow();
        assertEquals(at.best().evidence().score(), advice.throughput(), 1e-9);
        assertTrue(advice.throughput() <= advice.ceiling(), advice.throughput() + " > " + advice.ceiling());
        assertEquals(20_000, advice.ceiling(), 1e-6, "2 cores ÷ 100 µs");
    }

    @Test
    void noStatedThroughputExceedsWhatTheCoresAllow() throws Exception {
        // a sweep whose scores (wrongly, as a broken benchmark would) exceed cores ÷ compute: 1e6 tasks/s at 10 µs on 2 cores
        List<BenchmarkResult> rs = new ArrayList<>(List.of(DecisionMapTest.unit()));
        for (int units : new int[]{10, 100}) {
            rs.add(forks("CpuBoundBench.taskSizeSweep", 1e7 / units, 0.002, "executor", "THREADS", "taskUnits", String.valueOf(units)));
            rs.add(forks("CpuBoundBench.taskSizeSweep", 0.5e7 / units, 0.002, "executor", "PROCESS_PIPE", "taskUnits", String.valueOf(units)));
        }
        Analysis a = Analysis.of(Fixtures.run(rs, 2, Map.of()));
        for (double c : new double[]{10, 30, 100}) {
            Advisor.Advice advice = Advisor.advise(a, c, 0);
            assertEquals(2e6 / c, advice.ceiling(), 1e-6);
            assertTrue(advice.throughput() <= advice.ceiling(), c + " µs: " + advice.throughput() + " > " + advice.ceiling());
        }
        Advisor.Advice between = Advisor.advise(a, 30, 0);
        assertFalse(between.measured(), "30 µs is another task size than the measured 10 and 100 µs");
        assertTrue(between.distance().contains("another task size"), between.distance());
        assertEquals("a platform pool of 2", between.use());
        assertEquals(2, between.workers());
        Advisor.Advice beyond = Advisor.advise(a, 5000, 0);
        assertFalse(beyond.measured());
        assertTrue(Double.isNaN(beyond.throughput()), "nothing read beyond the measured sizes");
        assertTrue(beyond.distance().startsWith("outside the measured task sizes"), beyond.distance());
    }

    @Test
    void theCallingThreadIsTheAnswerWhereItWins() throws Exception {
        Analysis a = Analysis.of(Fixtures.run(DecisionMapTest.cpuSweep(), 2, Map.of()));
        Advisor.Advice advice = Advisor.advise(a, 1, 0);
        assertTrue(advice.measured());
        assertEquals("the calling thread", advice.use());
        assertEquals(1, advice.workers());
        Advisor.Advice tie = Advisor.advise(a, 100, 0);
        assertTrue(tie.use().startsWith("a tie"), tie.use());
        assertNull(tie.workers(), "a tie between kinds names no single size");
    }

    @Test
    void aRunWithoutMixedResultsIsBadInputNamingWhatToRun() {
        Analysis a = Analysis.of(Fixtures.run(List.of(), 2, Map.of()));
        BadInputException e = assertThrows(BadInputException.class, () -> Advisor.advise(a, 200, 5000));
        assertTrue(e.getMessage().contains("no MixedBench.mixed results") && e.getMessage().contains("-Dbench.claims=X4"), e.getMessage());
        BadInputException cpu = assertThrows(BadInputException.class, () -> Advisor.advise(a, 200, 0));
        assertTrue(cpu.getMessage().contains("-Dbench.claims=X2"), cpu.getMessage());
    }
}
