package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.stats.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision map from synthetic runs whose forks say exactly what the map must conclude. */
class DecisionMapTest {

    /** A throughput result with three forks of two iterations, each fork mean {@code score × (1 + spread × k)}, k = −1, 0, 1. */
    static BenchmarkResult forks(String shortName, double score, double spread, Map<String, Metric> secondary, String... kv) {
        List<List<Double>> raw = new ArrayList<>();
        for (int k = -1; k <= 1; k++) {
            double m = score * (1 + spread * k);
            raw.add(List.of(m, m));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            params.put(kv[i], kv[i + 1]);
        }
        return new BenchmarkResult("dev.crossover.bench." + shortName, "thrpt", 1, 3, "1.37", "java", List.of(), "25",
                "vm", "25", 2, "1 s", 2, "1 s", params, new Metric(score, score * spread, "ops/s", raw, Map.of()), secondary, null);
    }

    static BenchmarkResult forks(String shortName, double score, double spread, String... kv) {
        return forks(shortName, score, spread, Map.of(), kv);
    }

    /** One work unit = 1 µs. */
    static BenchmarkResult unit() {
        return Fixtures.result("CpuUnitBench.unit", "avgt", 1, 0.01, "us/op");
    }

    static Metric counter(double perIteration) {
        return new Metric(perIteration * 6, 0, Metric.EVENTS_UNIT, List.of(List.of(perIteration, perIteration),
                List.of(perIteration, perIteration), List.of(perIteration, perIteration)), Map.of());
    }

    static List<BenchmarkResult> cpuSweep() {
        List<BenchmarkResult> rs = new ArrayList<>(List.of(unit()));
        // the calling thread does 1e6/units tasks/s; a pool of 2 pays 3 µs of handoff per task, so it loses at 1 unit
        // and ties with virtual threads capped at 2 from 10 units on
        for (int units : new int[]{1, 10, 100, 1000}) {
            double pool = 2e6 / (units + 3);
            rs.add(forks("CpuBoundBench.singleThread", 1e6 / units, 0.002, "taskUnits", String.valueOf(units)));
            rs.add(forks("CpuBoundBench.taskSizeSweep", pool, 0.002, Map.of("childCpuMs", counter(0), "poolRssMb", counter(300)),
                    "executor", "THREADS", "taskUnits", String.valueOf(units)));
            rs.add(forks("CpuBoundBench.taskSizeSweep", pool * 0.999, 0.002, Map.of("childCpuMs", counter(0), "poolRssMb", counter(200)),
                    "executor", "VIRTUAL", "taskUnits", String.valueOf(units)));
            rs.add(forks("CpuBoundBench.taskSizeSweep", pool * 0.5, 0.002, Map.of("childCpuMs", counter(900), "poolRssMb", counter(500)),
                    "executor", "PROCESS_PIPE", "taskUnits", String.valueOf(units)));
        }
        // a refinement point of X2 measures only the pair it compares: not a point of the map
        rs.add(forks("CpuBoundBench.taskSizeSweep", 1e4, 0.002, "executor", "THREADS", "taskUnits", "150"));
        rs.add(forks("CpuBoundBench.taskSizeSweep", 9e3, 0.002, "executor", "PROCESS_PIPE", "taskUnits", "150"));
        // a second refinement measuring the thread pool again at the same point (another level of X2) adds no choice
        rs.add(forks("CpuBoundBench.taskSizeSweep", 1.01e4, 0.002, "executor", "THREADS", "taskUnits", "150"));
        return rs;
    }

    static DecisionMap map(List<BenchmarkResult> rs, double threshold) {
        return DecisionMap.of(Analysis.of(Fixtures.run(rs, 2, Map.of())), threshold);
    }

    @Test
    void cpuBoundWorkIsSplitIntoTaskSizeRangesWithTheCallingThreadWhereItWins() {
        DecisionMap.Axis cpu = map(cpuSweep(), 0.02).axis(Answer.Shape.CPU);
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0), cpu.points().stream().map(Answer::x).toList(), "refinement point 150 left out");
        assertEquals(2, cpu.regions().size(), cpu.regions().toString());
        DecisionMap.Region small = cpu.regions().getFirst();
        assertEquals(Outcome.AHEAD, small.outcome());
        assertEquals("the calling thread", small.first().best().label());
        assertEquals("**the calling thread**", small.first().decision(), "a winner beyond the threshold is bold");
        DecisionMap.Region large = cpu.regions().get(1);
        assertEquals(Outcome.TIE, large.outcome());
        assertEquals(List.of(10.0, 100.0, 1000.0), large.points().stream().map(Answer::x).toList());
        assertFalse(large.first().decision().contains("**"), "a tie is never bold");
        // the tie lists the cheaper first: virtual threads (200 MB) before the platform pool (300 MB), the cap called a cap
        assertEquals(List.of("virtual threads capped at 2", "a platform pool of 2"), large.first().tied().stream().map(DecisionMap.Choice::label).toList());
        assertFalse(large.first().decision().contains("pool of 2 virtual") || large.first().decision().contains("virtual pool"));
        // the boundary is the grid bracket around the change
        DecisionMap.Boundary b = small.above();
        assertEquals(1, b.lo());
        assertEquals(10, b.hi());
        assertEquals(DecisionMap.Boundary.GRID, b.source());
        assertEquals(b, large.below());
        assertNull(small.below());
        assertNull(large.above());
        assertEquals("between 1 µs and 10 µs", cpu.boundaryText(b));
    }

    @Test
    void theTieThresholdDecidesBetweenATieAndAWin() {
        // THREADS 3% ahead of VIRTUAL with forks 0.2% apart: a win at 2%, a tie at 5%
        List<BenchmarkResult> rs = List.of(unit(),
                forks("CpuBoundBench.taskSizeSweep", 1030, 0.002, "executor", "THREADS", "taskUnits", "1000"),
                forks("CpuBoundBench.taskSizeSweep", 1000, 0.002, "executor", "VIRTUAL", "taskUnits", "1000"));
        assertEquals(Outcome.AHEAD, map(rs, 0.02).axis(Answer.Shape.CPU).points().getFirst().outcome());
        assertEquals(Outcome.TIE, map(rs, 0.05).axis(Answer.Shape.CPU).points().getFirst().outcome());
    }

    @Test
    void forksThatCannotTellAreNotResolvedAndNeverBold() {
        // 10% apart, but the forks spread ±30%: the interval reaches into the tie band and beyond it
        List<BenchmarkResult> rs = List.of(unit(),
                forks("CpuBoundBench.taskSizeSweep", 1100, 0.3, "executor", "THREADS", "taskUnits", "1000"),
                forks("CpuBoundBench.taskSizeSweep", 1000, 0.3, "executor", "PROCESS_SHM", "taskUnits", "1000"));
        Answer a = map(rs, 0.02).axis(Answer.Shape.CPU).points().getFirst();
        assertEquals(Outcome.UNRESOLVED, a.outcome());
        assertEquals("a platform pool of 2 or 2 child JVMs (shared memory) (not resolved)", a.decision());
    }

    @Test
    void costIsReadFromTheProfilerWhenPresentAndOtherwiseLabelledForWhatItIs() {
        DecisionMap m = map(cpuSweep(), 0.02);
        Answer at10 = m.axis(Answer.Shape.CPU).points().get(1);
        DecisionMap.Cost threads = at10.ranked().stream().filter(c -> c.id().equals("pool-cores")).findFirst().orElseThrow().cost();
        assertTrue(Double.isNaN(threads.cpuMicrosPerTask()), "childCpuMs is 0 in-process: not a measured 0");
        assertEquals("300 MB RSS · CPU not measured (in-process)", threads.shortText());
        DecisionMap.Cost pipe = at10.ranked().stream().filter(c -> c.id().equals("process-pipe")).findFirst().orElseThrow().cost();
        // 900 ms of child CPU per 1 s iteration at 2e6/13 × 0.5 tasks/s
        assertEquals(900e3 / (2e6 / 13 * 0.5), pipe.cpuMicrosPerTask(), 1e-6);
        assertEquals("children only", pipe.cpuSource());
        DecisionMap.Cost caller = at10.ranked().stream().filter(c -> c.id().equals("caller")).findFirst().orElseThrow().cost();
        assertEquals("memory not measured · CPU not measured", caller.shortText());

        Map<String, Metric> tree = Map.of("treeCpuUsPerOp", new Metric(12.5, 0.5, "us/op", List.of(), Map.of()),
                "treePssMb", new Metric(180, 2, "MB", List.of(), Map.of()), "ctxSwitchesPerOp", new Metric(0.8, 0.1, "#/op", List.of(), Map.of()),
                "childCpuMs", counter(0), "poolRssMb", counter(300));
        DecisionMap.Cost profiled = Answers.cost(forks("CpuBoundBench.taskSizeSweep", 1000, 0.01, tree, "executor", "THREADS", "taskUnits", "10"));
        assertEquals(12.5, profiled.cpuMicrosPerTask());
        assertEquals(180, profiled.memoryMb());
        assertEquals("180 MB PSS · 12.5 µs CPU/task", profiled.shortText());
        assertTrue(profiled.text().contains("0.8 context switches/task"), profiled.text());
    }

    @Test
    void ioBoundWorkIsSplitIntoConcurrencyRangesAndMixedWorkIntoWaitFractionRanges() {
        List<BenchmarkResult> rs = new ArrayList<>();
        for (int c : new int[]{1, 10, 100}) {
            double bound = c * 10.0;
            rs.add(forks("IoBoundBench.requests", Math.min(bound, 20), 0.002, "executor", "FIXED_CORES", "concurrency", String.valueOf(c), "delayMs", "100"));
            rs.add(forks("IoBoundBench.requests", bound * 0.99, 0.002, "executor", "VIRTUAL", "concurrency", String.valueOf(c), "delayMs", "100"));
            rs.add(forks("IoBoundBench.requests", bound * 0.988, 0.002, "executor", "VIRTUAL_CAPPED", "concurrency", String.valueOf(c), "delayMs", "100"));
        }
        for (String wf : new String[]{"0.5", "0.9"}) {
            rs.add(forks("MixedBench.mixed", 2000, 0.002, "poolSize", "cores", "waitFraction", wf));
            rs.add(forks("MixedBench.mixed", wf.equals("0.5") ? 3800 : 19000, 0.002, "poolSize", "virtual", "waitFraction", wf));
        }
        DecisionMap m = map(rs, 0.02);
        DecisionMap.Axis io = m.axis(Answer.Shape.IO);
        assertEquals("I/O-bound, 100 ms wait per request", io.title());
        // at 1 request in flight every choice ties; from 10 on a pool of 2 falls behind and the two virtual kinds tie
        assertEquals(2, io.regions().size(), io.regions().toString());
        assertEquals(Outcome.TIE, io.regions().getFirst().outcome());
        assertEquals(3, io.regions().getFirst().first().tied().size());
        assertEquals(List.of(10.0, 100.0), io.regions().get(1).points().stream().map(Answer::x).toList());
        assertTrue(io.regions().get(1).first().tied().stream().anyMatch(c -> c.label().equals("virtual threads capped at the formula size")));
        DecisionMap.Axis mixed = m.axis(Answer.Shape.MIXED);
        assertEquals("mixed, 1 ms tasks", mixed.title());
        assertEquals(1, mixed.regions().size());
        Answer at09 = mixed.points().get(1);
        assertEquals("**a virtual thread per task**", at09.decision());
        assertEquals(100, at09.computeMicros(), 1e-9);
        assertEquals(900, at09.waitMicros(), 1e-9);
    }
}
