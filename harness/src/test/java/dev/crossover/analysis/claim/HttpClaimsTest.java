package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpClaimsTest {

    /** One open-loop result whose warm-ups settled in every fork. */
    private static BenchmarkResult open(String client, int rate, double p50, double p99, double cpu, double formula) {
        return open(client, rate, p50, p99, cpu, formula, true);
    }

    /**
     * One open-loop result: p50, p99 and client CPU per request as per-iteration counters of three forks;
     * {@code settled} false: the second fork's warm-up did not settle.
     */
    private static BenchmarkResult open(String client, int rate, double p50, double p99, double cpu, double formula, boolean settled) {
        Map<String, Metric> m = Map.of("p50Ms", Runs.counter(Runs.around(p50, 0.01)), "p99Ms", Runs.counter(Runs.around(p99, 0.01)),
                "clientCpuUsPerReq", Runs.counter(Runs.around(cpu, 0.01)), "memPerInFlightKb", Runs.counter(Runs.around(40, 0.01)),
                "waitingThreads", Runs.counter(2, 2, 2), "serverCpuUsPerReq", Runs.counter(20, 20, 20),
                "formula", Runs.counter(formula, formula, formula), "clientWarmupSettled", Runs.counter(1, settled ? 1 : 0, 1));
        return Runs.forked("HttpOpenLoopBench.openLoop", "thrpt", "ops/s", Runs.around(rate, 0.001), m,
                "client", client, "rate", Integer.toString(rate), "delayMs", "10", "bytes", "256");
    }

    private static List<BenchmarkResult> run(double formulaOfProcess) {
        return run(formulaOfProcess, "");
    }

    /** Every client at 200 and 1000 requests/s; the client named {@code cold} did not settle its warm-up in one fork. */
    private static List<BenchmarkResult> run(double formulaOfProcess, String cold) {
        List<BenchmarkResult> rs = new ArrayList<>();
        for (int rate : new int[]{200, 1000}) {
            rs.add(open("FIXED_CORES", rate, rate == 200 ? 10.5 : 900, rate == 200 ? 20 : 3000, 80, 210, !cold.equals("FIXED_CORES")));
            rs.add(open("FIXED_FORMULA", rate, 10.5, 12, 70, 210, !cold.equals("FIXED_FORMULA")));
            rs.add(open("PROCESS", rate, 10.6, 13, 140, formulaOfProcess, !cold.equals("PROCESS")));
            rs.add(open("VIRTUAL", rate, 10.4, 12, 60, 210, !cold.equals("VIRTUAL")));
            rs.add(open("ASYNC", rate, 10.4, 12, 50, 210, !cold.equals("ASYNC")));
            rs.add(open("EVENT_LOOP", rate, 10.3, 11, 20, 210, !cold.equals("EVENT_LOOP")));
        }
        return rs;
    }

    @Test
    void c24IsDemonstratedWhenBlockingAndNonBlockingCallersAllGetTheServersDelay() {
        Verdict v = Runs.judge("C24", run(210), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("EVENT_LOOP") && v.reason().contains("FIXED_CORES"), v.reason());
        assertTrue(v.reason().contains("X7"), v.reason());
        List<Figure> withCpu = v.decision().figures().stream().filter(f -> f.detail().contains("client CPU")).toList();
        assertTrue(!withCpu.isEmpty() && withCpu.stream().allMatch(f -> f.detail().startsWith("; client CPU ")),
                "each figure's detail follows its value after a separator: " + withCpu);
    }

    @Test
    void c24IsInconclusiveWhenACallerDidNotGetTheDelayAtTheLowestRate() {
        List<BenchmarkResult> rs = new ArrayList<>();
        for (String c : List.of("FIXED_CORES", "VIRTUAL")) {
            rs.add(open(c, 200, 10.5, 12, 60, 210));
        }
        rs.add(open("ASYNC", 200, 400, 900, 60, 210));
        Verdict v = Runs.judge("C24", rs, 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
    }

    @Test
    void c13OnHttpComparesTheFormulaPoolWithCoresAndEqualProcessesOnly() {
        Verdict equal = Runs.judge("C13", run(210), 2);
        assertTrue(equal.reason().contains("p99 from intended start: FIXED_FORMULA vs FIXED_CORES"), equal.reason());
        assertTrue(equal.reason().contains("client CPU per request: FIXED_FORMULA (210 threads) vs PROCESS"), equal.reason());
        assertEquals(VerdictKind.DEPENDS, equal.kind(), "ahead of the cores-sized pool and of processes: it depends on the size; "
                + equal.reason());
        Verdict unequal = Runs.judge("C13", run(220), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, unequal.kind(), unequal.reason());
        assertTrue(unequal.reason().contains("sizes differ"), unequal.reason());
    }

    @Test
    void c14OnHttpPutsTheProgramsSchedulingAgainstTheOss() {
        Verdict v = Runs.judge("C14", run(210), 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("EVENT_LOOP vs FIXED_FORMULA") && v.reason().contains("VIRTUAL vs FIXED_FORMULA"), v.reason());
    }

    @Test
    void c13ShowsButDoesNotCompareCpuPerRequestWhereAWarmUpDidNotSettle() {
        Verdict v = Runs.judge("C13", run(210, "PROCESS"), 2);
        assertTrue(v.reason().contains("not compared: the warm-up of PROCESS did not settle"), v.reason());
        assertTrue(v.reason().contains("PROCESS at 1000 requests/s"), v.reason());
        assertEquals(VerdictKind.DEPENDS, v.kind(), "the p99 comparison with the cores-sized pool still decides; " + v.reason());
    }

    @Test
    void c14IsInconclusiveWhenItsOnlyComparisonsAreCpuPerRequestOfUnsettledTrials() {
        Verdict v = Runs.judge("C14", run(210, "FIXED_FORMULA"), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertEquals("no comparison to decide on: the figures beside it do not vote", v.gist(), "the claims table says why");
        assertTrue(v.reason().contains("EVENT_LOOP vs FIXED_FORMULA, FIXED_FORMULA (not compared: the warm-up of FIXED_FORMULA did not settle)"),
                v.reason());
        Verdict eventLoopCold = Runs.judge("C14", run(210, "EVENT_LOOP"), 2);
        assertEquals(VerdictKind.HOLDS, eventLoopCold.kind(), "VIRTUAL vs FIXED_FORMULA still compares; " + eventLoopCold.reason());
        assertTrue(eventLoopCold.reason().contains("the warm-up of EVENT_LOOP did not settle"), eventLoopCold.reason());
    }
}
