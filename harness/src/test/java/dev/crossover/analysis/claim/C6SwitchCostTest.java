package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.counter;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C6SwitchCostTest {

    /** 1000 round trips per fork, {@code caller} and {@code peer} switches per round trip on each side. */
    private static Map<String, Metric> switches(double caller, double peer) {
        return Map.of("callerSwitches", counter(caller * 1000, caller * 1000, caller * 1000),
                "peerSwitches", counter(peer * 1000, peer * 1000, peer * 1000),
                "roundTrips", counter(1000, 1000, 1000));
    }

    private static BenchmarkResult pair(String method, String placement, double roundTripUs, double spread, Map<String, Metric> sw) {
        return forked("SwitchCostBench." + method, "avgt", "us/op", around(roundTripUs, spread), sw, "placement", placement);
    }

    /**
     * Pinned pipe and futex pairs: thread round trips of 6 and 4 µs at 2 switches each; process round
     * trips {@code pipeProc} and {@code futexProc} µs with {@code procSwitches} per round trip.
     */
    private static List<BenchmarkResult> run(double pipeProc, double futexProc, double procSwitches, double spread) {
        List<BenchmarkResult> rs = new ArrayList<>();
        rs.add(pair("pipeThreads", "ONE_CPU", 6, 0.02, switches(1, 1)));
        rs.add(pair("pipeProcesses", "ONE_CPU", pipeProc, spread, switches(procSwitches / 2, procSwitches / 2)));
        rs.add(pair("futexThreads", "ONE_CPU", 4, 0.02, switches(1, 1)));
        rs.add(pair("futexProcesses", "ONE_CPU", futexProc, spread, switches(procSwitches / 2, procSwitches / 2)));
        rs.add(pair("pipeThreads", "ANY_CPU", 20, 0.02, switches(1, 1)));
        rs.add(pair("pipeProcesses", "ANY_CPU", 18, 0.02, switches(1, 1)));
        return rs;
    }

    @Test
    void holdsWhenAProcessSwitchCostsMoreThanAThreadSwitchForEachPrimitive() {
        Verdict v = Runs.judge("C6", run(8, 5.5, 2, 0.02), 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        Comparison pipe = v.comparisons().stream().filter(c -> c.label().startsWith("pinned pipe")).findFirst().orElseThrow();
        assertTrue(pipe.diff().interval().known(), "the fork-based interval is on the per-switch ratio");
        assertEquals(4.0 / 3.0, pipe.ratio(), 0.02, "3 µs per thread switch against 4 µs per process switch");
        assertEquals("us/switch", pipe.a().unit());
        assertTrue(v.reason().contains("2 switches per round trip (caller 1, partner 1)"), v.reason());
        assertTrue(v.reason().contains("unpinned pipe (cross-core wake-up latency, not a switch cost)"), v.reason());
    }

    @Test
    void comparesPerSwitchNotPerRoundTrip() {
        // the process pair takes longer per round trip but switches twice as often: each switch is cheaper
        Verdict v = Runs.judge("C6", run(10, 6, 4, 0.02), 2);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.reason().contains("4 switches per round trip"), v.reason());
    }

    @Test
    void theUnpinnedRunsDecideNothing() {
        List<BenchmarkResult> rs = run(8, 5.5, 2, 0.02);
        // the unpinned figures say processes are faster; the verdict still rests on the pinned switch cost
        assertEquals(VerdictKind.HOLDS, Runs.judge("C6", rs, 2).kind());
        Comparison unpinned = Runs.judge("C6", rs, 2).comparisons().stream().filter(c -> c.label().startsWith("unpinned"))
                .findFirst().orElseThrow();
        assertEquals(Comparison.Agreement.FIGURE, unpinned.agreement());
    }

    @Test
    void forksThatCannotTellAreInconclusiveWithTheRunToSettleIt() {
        Verdict v = Runs.judge("C6", run(6.2, 4.1, 2, 0.6), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.settleBy() != null && v.settleBy().contains("-Dbench.claims=C6"), String.valueOf(v.settleBy()));
    }

    @Test
    void fewerThanTwoSwitchesPerPinnedRoundTripIsInconclusiveWhateverTheIntervals() {
        // the process pair is far dearer per "switch", but it switched only once per round trip: no switch cost
        Verdict v = Runs.judge("C6", run(20, 15, 1, 0.02), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("fewer than 2 switches") && v.reason().contains("pipe process pair (1)"), v.reason());
        assertTrue(v.settleBy().contains("placement=ONE_CPU"), v.settleBy());
    }

    @Test
    void withoutSwitchCountersTheClaimIsNotMeasured() {
        List<BenchmarkResult> rs = List.of(pair("pipeThreads", "ONE_CPU", 6, 0.02, Map.of()),
                pair("pipeProcesses", "ONE_CPU", 8, 0.02, Map.of()));
        Verdict v = Runs.judge("C6", rs, 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.reason().contains("lack callerSwitches"), v.reason());
    }

    @Test
    void resultsAreTiedToTheClaimOnlyThroughTheServesMap() {
        Verdict v = Runs.judge("C6", run(8, 5.5, 2, 0.02), 2, Map.of("SwitchCostBench", List.of("C1")));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertNull(v.dependsOn());
        assertTrue(v.reason().contains("not measured") && v.reason().contains("no class in the run serves C6"), v.reason());
    }
}
