package dev.crossover.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossoverFinderTest {

    private static final double[] DECADES = {1, 10, 100, 1000, 10000};

    @Test
    void crossingOnceIsInterpolatedInLogSpaceWithAnIntervalFromTheErrors() {
        // a grows as x, b is flat at 300: they meet at exactly x = 300, between the grid points 100 and 1000
        Curve rising = Fixtures.curve("rising", DECADES, new double[]{1, 10, 100, 1000, 10000}, 0.01);
        Curve flat = Fixtures.curve("flat", DECADES, new double[]{300, 300, 300, 300, 300}, 0.01);
        CrossoverResult r = CrossoverFinder.find(rising, flat);
        assertEquals(1, r.crossings().size(), r.describe());
        Crossing c = r.crossings().getFirst();
        assertEquals(300, c.x(), 1e-6);
        assertTrue(c.lo() < 300 && c.hi() > 300 && c.lo() > 100 && c.hi() < 1000, c.describe("x"));
        assertTrue(c.resolved());
        assertFalse(c.gridHit());
        assertEquals("flat", c.leaderBefore());
        assertEquals("rising", c.leaderAfter());
        assertEquals(100, c.bracketLo());
        assertEquals(1000, c.bracketHi());
    }

    @Test
    void largerErrorsGiveAWiderInterval() {
        Curve rising = Fixtures.curve("rising", DECADES, new double[]{1, 10, 100, 1000, 10000}, 0.01);
        Curve flat = Fixtures.curve("flat", DECADES, new double[]{300, 300, 300, 300, 300}, 0.01);
        Crossing narrow = CrossoverFinder.find(rising, flat).crossings().getFirst();
        Curve noisy = Fixtures.curve("rising", DECADES, new double[]{1, 10, 100, 1000, 10000}, 0.3);
        Crossing wide = CrossoverFinder.find(noisy, flat).crossings().getFirst();
        assertEquals(narrow.x(), wide.x(), 1e-9);
        assertTrue(wide.hi() - wide.lo() > narrow.hi() - narrow.lo());
    }

    @Test
    void crossingTwiceReportsBothInOrder() {
        Curve hump = Fixtures.curve("hump", DECADES, new double[]{10, 200, 1000, 200, 10}, 0.02);
        Curve flat = Fixtures.curve("flat", DECADES, new double[]{100, 100, 100, 100, 100}, 0.02);
        CrossoverResult r = CrossoverFinder.find(hump, flat);
        assertEquals(2, r.crossings().size(), r.describe());
        assertEquals("hump", r.crossings().get(0).leaderAfter());
        assertEquals("flat", r.crossings().get(1).leaderAfter());
        assertTrue(r.crossings().get(0).x() > 1 && r.crossings().get(0).x() < 10);
        assertTrue(r.crossings().get(1).x() > 1000 && r.crossings().get(1).x() < 10000);
        assertTrue(r.describe().startsWith("crosses 2 times"), r.describe());
    }

    @Test
    void neverCrossingSaysNotReachedBetweenTheEndsOfTheRange() {
        Curve fast = Fixtures.curve("fast", DECADES, new double[]{20, 200, 2000, 20000, 200000}, 0.02);
        Curve slow = Fixtures.curve("slow", DECADES, new double[]{10, 100, 1000, 10000, 100000}, 0.02);
        CrossoverResult r = CrossoverFinder.find(fast, slow);
        assertFalse(r.crosses());
        assertEquals("not reached between x = 1 and 10000: fast stays ahead throughout", r.describe());
    }

    @Test
    void meetingExactlyAtAGridPointIsAGridHit() {
        double[] xs = {1, 2, 4, 8};
        Curve a = Fixtures.curve("a", xs, new double[]{1, 2, 4, 8}, 0.01);
        Curve b = Fixtures.curve("b", xs, new double[]{4, 4, 4, 4}, 0.01);
        CrossoverResult r = CrossoverFinder.find(a, b);
        assertEquals(1, r.crossings().size(), r.describe());
        Crossing c = r.crossings().getFirst();
        assertTrue(c.gridHit());
        assertEquals(4, c.x());
        assertTrue(c.lo() >= 2 && c.hi() <= 8);
        assertEquals(List.of(), Refinement.propose(c, 3, true), "a crossing at a grid point needs no extra points");
    }

    @Test
    void noisyCurvesGiveOneCrossingWhoseIntervalHoldsTheTrueAnswer() {
        // truth: 50·√x meets 400 at x = 64; scores carry 2% noise, JMH-like errors of 4%
        double[] xs = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
        for (int seed = 1; seed <= 50; seed++) {
            Random rnd = new Random(seed);
            double[] a = new double[xs.length];
            double[] b = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                a[i] = 50 * Math.sqrt(xs[i]) * (1 + 0.02 * rnd.nextGaussian());
                b[i] = 400 * (1 + 0.02 * rnd.nextGaussian());
            }
            CrossoverResult r = CrossoverFinder.find(Fixtures.curve("sqrt", xs, a, 0.04), Fixtures.curve("flat", xs, b, 0.04));
            assertEquals(1, r.crossings().size(), "seed " + seed + ": " + r.describe());
            Crossing c = r.crossings().getFirst();
            assertTrue(c.lo() <= 64 && 64 <= c.hi(), "seed " + seed + ": " + c.describe("x"));
            assertTrue(c.x() > 32 && c.x() < 128, "seed " + seed + ": " + c.describe("x"));
        }
    }

    @Test
    void swapsWithinTheErrorsAreTouchesNotCrossings() {
        double[] xs = {1, 10, 100, 1000};
        Curve a = Fixtures.curve("a", xs, new double[]{100, 100, 100, 100}, 0.05);
        Curve b = Fixtures.curve("b", xs, new double[]{101, 99, 101, 99}, 0.05);
        CrossoverResult r = CrossoverFinder.find(a, b);
        assertTrue(r.overlapEverywhere());
        assertTrue(r.describe().contains("within each other's error"), r.describe());
        // a single dip within error in an otherwise clear lead is noise too
        Curve lead = Fixtures.curve("lead", xs, new double[]{200, 200, 200, 200}, 0.01);
        Curve dip = Fixtures.curve("dip", xs, new double[]{100, 100, 205, 100}, 0.05);
        CrossoverResult r2 = CrossoverFinder.find(lead, dip);
        assertFalse(r2.crosses(), r2.describe());
        assertEquals(1, r2.touches().size());
    }

    @Test
    void lowerIsBetterCurvesNameTheFasterOneAsLeader() {
        // cold start: one thread grows with the job, a process pool pays 100 ms up front and then half as much
        double[] jobs = {100, 1000, 10000, 100000, 1000000};
        double[] one = new double[jobs.length];
        double[] pool = new double[jobs.length];
        for (int i = 0; i < jobs.length; i++) {
            one[i] = jobs[i] * 0.001;
            pool[i] = 100 + jobs[i] * 0.0005;
        }
        CrossoverResult r = CrossoverFinder.find(Fixtures.lowerBetter("pool", jobs, pool, 0.02), Fixtures.lowerBetter("one", jobs, one, 0.02));
        assertEquals(1, r.crossings().size(), r.describe());
        Crossing c = r.crossings().getFirst();
        assertEquals("one", c.leaderBefore());
        assertEquals("pool", c.leaderAfter());
        // truth 200,000; the interval covers the score errors, not the curvature between grid points 1e5 and 1e6
        assertTrue(c.bracketLo() == 100000 && c.bracketHi() == 1000000, c.describe("jobUnits"));
        assertTrue(c.x() > 200000 / 1.5 && c.x() < 200000 * 1.5, c.describe("jobUnits"));
    }

    @Test
    void unknownErrorsWidenTheIntervalToTheBracket() {
        Curve rising = Fixtures.curve("rising", DECADES, new double[]{1, 10, 100, 1000, 10000}, Double.NaN);
        Curve flat = Fixtures.curve("flat", DECADES, new double[]{300, 300, 300, 300, 300}, Double.NaN);
        Crossing c = CrossoverFinder.find(rising, flat).crossings().getFirst();
        assertTrue(c.errorsUnknown());
        assertEquals(100, c.lo());
        assertEquals(1000, c.hi());
        assertTrue(c.describe("x").contains("score errors unknown"));
    }

    @Test
    void refinementProposesPointsInsideTheBracketAndTheInterval() {
        Curve rising = Fixtures.curve("rising", DECADES, new double[]{1, 10, 100, 1000, 10000}, 0.05);
        Curve flat = Fixtures.curve("flat", DECADES, new double[]{300, 300, 300, 300, 300}, 0.05);
        Crossing c = CrossoverFinder.find(rising, flat).crossings().getFirst();
        List<Double> xs = Refinement.propose(c, 3, true);
        assertEquals(3, xs.size(), xs.toString());
        for (double x : xs) {
            assertTrue(x > 100 && x < 1000 && x >= Math.floor(c.lo()) && x <= Math.ceil(c.hi()), xs + " vs " + c.describe("x"));
            assertEquals(Math.rint(x), x);
        }
        assertEquals(xs.stream().map(x -> String.valueOf((long) (double) x)).toList(), Refinement.asParams(xs));
    }

    @Test
    void curvesWithFewerThanTwoCommonPointsCannotCross() {
        Curve a = Fixtures.curve("a", new double[]{1, 2}, new double[]{1, 2}, 0.01);
        Curve b = Fixtures.curve("b", new double[]{3, 4}, new double[]{1, 2}, 0.01);
        CrossoverResult r = CrossoverFinder.find(a, b);
        assertFalse(r.crosses());
        assertTrue(r.describe().contains("fewer than two common"));
    }
}
