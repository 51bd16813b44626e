package dev.crossover.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossoverFinderTest {

    private static final double[] DECADES = {1, 10, 100, 1000, 10000};
    private static final double[] RISING = {1, 10, 100, 1000, 10000};
    private static final double[] FLAT = {300, 300, 300, 300, 300};

    @Test
    void aCrossingBetweenGridPointsSpansTheTwoPointsAroundIt() {
        // a grows as x, b is flat at 300: they meet at x = 300, and nothing was measured between 100 and 1000
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("rising", DECADES, RISING, 0.01),
                Fixtures.forked("flat", DECADES, FLAT, 0.01));
        assertEquals(1, r.crossings().size(), r.describe());
        Crossing c = r.crossings().getFirst();
        assertEquals(300, c.x(), 1e-6, "the estimate interpolates the log ratio in log x");
        assertEquals(100, c.lo());
        assertEquals(1000, c.hi(), "the curve may go anywhere between grid points: the interval is the two of them");
        assertTrue(c.resolved());
        assertEquals(Crossing.Basis.GRID, c.basis());
        assertEquals("flat", c.leaderBefore());
        assertEquals("rising", c.leaderAfter());
        assertTrue(r.describe().contains("interval 100 – 1000"), r.describe());
    }

    @Test
    void pointsMeasuredInsideNarrowTheInterval() {
        double[] xs = {1, 10, 100, 200, 500, 1000, 10000};
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("rising", xs, xs, 0.01),
                Fixtures.forked("flat", xs, new double[]{300, 300, 300, 300, 300, 300, 300}, 0.01));
        Crossing c = r.crossings().getFirst();
        assertEquals(200, c.lo());
        assertEquals(500, c.hi());
        assertTrue(c.covers(300));
    }

    @Test
    void aPointTheForksCannotPlaceWidensTheIntervalToTheNextClearOne() {
        // at 1000 the rising curve is only 10% above the flat one, inside a 30% fork spread
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("rising", DECADES, new double[]{1, 10, 100, 330, 10000}, 0.3),
                Fixtures.forked("flat", DECADES, FLAT, 0.01));
        Crossing c = r.crossings().getFirst();
        assertEquals(100, c.lo());
        assertEquals(10000, c.hi(), r.describe());
        assertTrue(r.statesText().contains("unresolved at 1000"), r.statesText());
    }

    @Test
    void differencesWithinThePracticalThresholdAreTiesNotCrossings() {
        // swaps of 0.1–0.6% with tight forks: significant, perhaps, but within 2%: a tie
        double[] a = {100, 1001, 9994, 100_600, 999_000};
        double[] b = {100.3, 1000, 10_000, 100_000, 1_000_000};
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("VIRTUAL", DECADES, a, 0.001),
                Fixtures.forked("FIXED_FORMULA", DECADES, b, 0.001));
        assertFalse(r.crosses(), r.describe());
        assertTrue(r.tieEverywhere());
        assertTrue(r.describe().contains("a tie, no crossover"), r.describe());
    }

    @Test
    void levelCurvesThatPartGiveACrossingFromATieBetweenTheLastTieAndTheFirstClearLead() {
        double[] a = {10, 100, 1000, 3000, 3000};
        double[] b = {10, 100, 1000, 1000, 1000};
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("VIRTUAL", DECADES, a, 0.002),
                Fixtures.forked("POOL", DECADES, b, 0.002));
        Crossing c = r.crossings().getFirst();
        assertTrue(c.fromTie());
        assertEquals(100, c.lo());
        assertEquals(1000, c.hi());
        assertEquals("VIRTUAL", c.leaderAfter());
        assertNull(r.leaderAtStart(), "a tie has no leader");
    }

    @Test
    void crossingTwiceReportsBothInOrder() {
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("hump", DECADES, new double[]{10, 200, 1000, 200, 10}, 0.02),
                Fixtures.forked("flat", DECADES, new double[]{100, 100, 100, 100, 100}, 0.02));
        assertEquals(2, r.crossings().size(), r.describe());
        assertEquals("hump", r.crossings().get(0).leaderAfter());
        assertEquals("flat", r.crossings().get(1).leaderAfter());
        assertEquals(1, r.crossings().get(0).lo());
        assertEquals(10, r.crossings().get(0).hi());
        assertEquals(1000, r.crossings().get(1).lo());
        assertEquals(10000, r.crossings().get(1).hi());
        assertTrue(r.describe().startsWith("crosses 2 times"), r.describe());
    }

    @Test
    void neverCrossingSaysWhichLeadsWhere() {
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("fast", DECADES, new double[]{20, 200, 2000, 20000, 200000}, 0.02),
                Fixtures.forked("slow", DECADES, new double[]{10, 100, 1000, 10000, 100000}, 0.02));
        assertFalse(r.crosses());
        assertEquals("fast", r.leaderAtStart());
        assertEquals("no crossing between x = 1 and 10000 (fast ahead at 1, 10, 100, 1000, 10000)", r.describe());
    }

    @Test
    void withoutAClearPointOnTheOldSideTheLowEndIsOpen() {
        // at x = 1 the two cannot be told apart (10% apart in a 30% spread), from 10 on a is clearly ahead
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("a", DECADES, new double[]{110, 1000, 10000, 100000, 1000000}, 0.3),
                Fixtures.forked("b", DECADES, new double[]{100, 100, 100, 100, 100}, 0.3));
        Crossing c = r.crossings().getFirst();
        assertTrue(c.loOpen());
        assertFalse(c.resolved());
        assertEquals(10, c.hi());
        assertTrue(c.intervalText().contains("unresolved at the low end"), c.intervalText());
    }

    @Test
    void lowerIsBetterCurvesNameTheFasterOneAsLeader() {
        double[] jobs = {1e2, 1e3, 1e4, 1e5, 1e6};
        double[] pool = {90, 90.5, 95, 140, 570};
        double[] one = {0.1, 1, 10, 95, 950};
        CrossoverResult r = CrossoverFinder.find(Fixtures.forkedLowerBetter("pool", jobs, pool, 0.03),
                Fixtures.forkedLowerBetter("one", jobs, one, 0.03));
        Crossing c = r.crossings().getFirst();
        assertEquals("pool", c.leaderAfter());
        assertEquals(1e5, c.lo());
        assertEquals(1e6, c.hi());
    }

    @Test
    void linearCostsMeetWhereTheFittedLinesDoWithinTheGridBracket() {
        // one thread 0.95 µs/unit; a cold pool 90 ms + 0.48 µs/unit: the lines meet at 90 / 0.00047 ≈ 191,489 units
        double[] jobs = {1e2, 1e3, 1e4, 1e5, 1e6};
        double[] one = new double[5];
        double[] pool = new double[5];
        for (int i = 0; i < 5; i++) {
            one[i] = 0.95e-3 * jobs[i];
            pool[i] = 90 + 0.48e-3 * jobs[i];
        }
        CrossoverFinder.Linear lin = CrossoverFinder.linear(Fixtures.forkedLowerBetter("pool", jobs, pool, 0.05),
                Fixtures.forkedLowerBetter("one", jobs, one, 0.05));
        Crossing c = lin.crossing();
        assertNotNull(c, lin.note());
        assertEquals(Crossing.Basis.LINEAR_MODEL, c.basis());
        assertEquals(90 / 0.47e-3, c.x(), 1);
        assertTrue(c.lo() >= 1e5 && c.hi() <= 1e6, c.describe("jobUnits"));
        assertTrue(c.covers(191_489) && c.hi() / c.lo() < 3, "the model narrows the decade: " + c.describe("jobUnits"));
    }

    @Test
    void aLinearModelThatAMeasuredPointContradictsGivesWayToTheGrid() {
        // the pool is measured clearly ahead at 10,000 units although the lines fitted to all points meet far above it
        double[] jobs = {1e2, 1e3, 1e4, 1e5, 1e6};
        double[] pool = {90, 90, 5, 140, 570};
        double[] one = {0.1, 1, 10, 95, 950};
        CrossoverFinder.Linear lin = CrossoverFinder.linear(Fixtures.forkedLowerBetter("pool", jobs, pool, 0.01),
                Fixtures.forkedLowerBetter("one", jobs, one, 0.01));
        assertEquals(Crossing.Basis.GRID, lin.crossing().basis(), lin.note());
        assertTrue(lin.note().contains("contradicted") || lin.note().contains("cannot"), lin.note());
    }

    @Test
    void pointsWithoutForksDecideOnTheScoresAndSaySo() {
        Curve rising = Fixtures.curve("rising", DECADES, RISING, Double.NaN);
        Curve flat = Fixtures.curve("flat", DECADES, FLAT, Double.NaN);
        Crossing c = CrossoverFinder.find(rising, flat).crossings().getFirst();
        assertTrue(c.errorsUnknown());
        assertFalse(c.resolved());
        assertEquals(100, c.lo());
        assertEquals(1000, c.hi());
    }

    @Test
    void refinementProposesPointsInsideTheBracket() {
        Crossing c = CrossoverFinder.find(Fixtures.forked("rising", DECADES, RISING, 0.01),
                Fixtures.forked("flat", DECADES, FLAT, 0.01)).crossings().getFirst();
        List<Double> xs = Refinement.propose(c, 2, true);
        assertEquals(2, xs.size(), xs.toString());
        xs.forEach(x -> assertTrue(x > 100 && x < 1000, xs.toString()));
    }

    @Test
    void curvesWithFewerThanTwoCommonPointsCannotCross() {
        CrossoverResult r = CrossoverFinder.find(Fixtures.forked("a", new double[]{1, 2}, new double[]{1, 2}, 0.01),
                Fixtures.forked("b", new double[]{2, 3}, new double[]{1, 1}, 0.01));
        assertEquals(1, r.commonPoints());
        assertFalse(r.crosses());
        assertTrue(r.describe().contains("fewer than two common"), r.describe());
    }
}
