package dev.crossover.fleet;

import dev.crossover.analysis.CrossoverFinding.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatabilityTest {

    private static FleetFindings.Point at(String run, Status status, Double value, Double lo, Double hi) {
        return new FleetFindings.Point(run, 2, status, value, lo, hi, false, false, "");
    }

    @Test
    void runsOfOneBudgetRepeatWhenEveryTwoIntervalsOverlap() {
        FleetFindings.Series s = FleetFindings.series("X2", "t", "task units", "PROCESS_PIPE 90% of THREADS", List.of(
                at("quick-a", Status.LOCATED, 436.0, 100.0, 10000.0), at("quick-b", Status.LOCATED, 604.0, 215.0, 10000.0),
                at("full", Status.LOCATED, 300.0, 150.0, 500.0)));
        assertEquals(FleetFindings.Movement.REPEATS, s.movement(), s.verdict());
        assertTrue(s.verdict().contains("the intervals overlap"), s.verdict());
    }

    @Test
    void twoIntervalsApartOnOneBudgetAreADisagreementNamedWithItsRuns() {
        FleetFindings.Series s = FleetFindings.series("X6", "t", "job units", "cold pool vs one thread", List.of(
                at("quick-a", Status.LOCATED, 452000.0, 269000.0, 1000000.0), at("full", Status.LOCATED, 90000.0, 60000.0, 120000.0),
                at("quick-b", Status.LOCATED, 581000.0, 355000.0, 1000000.0)));
        assertEquals(FleetFindings.Movement.DIFFERS, s.movement(), s.verdict());
        assertTrue(s.verdict().contains("the intervals of quick-a and full do not overlap on one core budget"), s.verdict());
    }

    @Test
    void anUnresolvedRunLeavesRepeatabilityUnknownAndDifferentKindsAreAChange() {
        FleetFindings.Series unknown = FleetFindings.series("X3", "t", "concurrency", "VIRTUAL vs FIXED_FORMULA", List.of(
                at("quick-a", Status.UNRESOLVED, null, 100.0, null), at("full", Status.LOCATED, 500.0, 100.0, 1000.0)));
        assertEquals(FleetFindings.Movement.UNKNOWN, unknown.movement(), unknown.verdict());
        FleetFindings.Series changed = FleetFindings.series("X2", "t", "task units", "PROCESS_SHM 95% of THREADS", List.of(
                at("quick-a", Status.NOT_REACHED, null, null, null), at("full", Status.LOCATED, 900.0, 500.0, 2000.0)));
        assertEquals(FleetFindings.Movement.CHANGED, changed.movement(), changed.verdict());
    }
}
