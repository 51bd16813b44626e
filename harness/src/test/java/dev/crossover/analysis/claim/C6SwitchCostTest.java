package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.stats.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C6SwitchCostTest {

    private static List<BenchmarkResult> roundTrips(double pipe, double pipeSpread, double shmSpin) {
        return List.of(forked("RoundTripBench.platformHandoff", "avgt", "us/op", around(9.5, 0.03)),
                forked("RoundTripBench.virtualHandoff", "avgt", "us/op", around(4.0, 0.03)),
                forked("RoundTripBench.pipeFramed", "avgt", "us/op", around(pipe, pipeSpread)),
                forked("RoundTripBench.shmSpin", "avgt", "us/op", around(shmSpin, 0.05)));
    }

    @Test
    void holdsWhenEveryProcessRoundTripIsSlowerThanEveryThreadHandoff() {
        Verdict v = Runs.judge("C6", roundTrips(32, 0.05, 20), 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertNull(v.dependsOn());
        assertTrue(v.comparisons().stream().allMatch(c -> c.diff().interval().known()), "every comparison carries its interval");
    }

    @Test
    void dependsOnTheTransportWhenSpinningSharedMemoryBeatsAThreadHandoff() {
        Verdict v = Runs.judge("C6", roundTrips(32, 0.05, 0.25), 2);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.label().startsWith("depends (on the transport"), v.label());
        assertTrue(v.reason().contains("platformHandoff vs shmSpin") && v.reason().contains("contradicts the claim"), v.reason());
    }

    @Test
    void aPairWhoseForksOverlapIsUnresolvedAndTheOthersDecide() {
        // pipe round trips that straddle the platform handoff: the fork interval cannot tell them apart
        Verdict v = Runs.judge("C6", roundTrips(10, 0.6, 20), 2);
        Comparison pipe = v.comparisons().stream().filter(c -> c.label().equals("platformHandoff vs pipeFramed")).findFirst().orElseThrow();
        assertEquals(Outcome.UNRESOLVED, pipe.outcome(), pipe.ratioText());
        assertEquals(Comparison.Agreement.UNRESOLVED, pipe.agreement());
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("platformHandoff vs pipeFramed") && v.reason().contains("cannot tell"), v.reason());
    }

    @Test
    void resultsAreTiedToTheClaimOnlyThroughTheServesMap() {
        // the same results, but no class claims to serve C6: the verdict must not use them
        Verdict v = Runs.judge("C6", roundTrips(32, 0.05, 20), 2, Map.of("RoundTripBench", List.of("C1")));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.reason().contains("not measured") && v.reason().contains("no class in the run serves C6"), v.reason());
    }
}
