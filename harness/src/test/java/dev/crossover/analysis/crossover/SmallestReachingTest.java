package dev.crossover.analysis.crossover;

import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.Refinement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pool and chunk sizes are integers: the answer is a measured size or a range of integers, never a fraction. */
class SmallestReachingTest {

    static Curve curve(double[] xs, double[] ys) {
        List<Point> ps = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            ps.add(new Point(xs[i], ys[i], Double.NaN, "pool@" + xs[i], new double[]{ys[i] * 0.99, ys[i], ys[i] * 1.01}));
        }
        return new Curve("THREADS", "CpuBoundBench.poolSweep", "poolSize", "ops/s", true, ps);
    }

    @Test
    void aSizeClearlyBelowFollowedByOneClearlyAtGivesThatMeasuredSize() {
        SmallestReaching s = SmallestReaching.of(curve(new double[]{1, 2, 4, 8}, new double[]{1000, 2000, 2010, 2000}), 0.95, "95%");
        assertTrue(s.exact());
        assertEquals(2, s.answer());
        assertEquals("2", s.text());
    }

    @Test
    void anUnmeasuredIntegerBetweenIsPartOfTheAnswerAndIsProposedForRefinement() {
        // 2 is clearly below 95% of the peak, 4 clearly at it: the smallest size is 3 or 4
        SmallestReaching s = SmallestReaching.of(curve(new double[]{1, 2, 4, 8}, new double[]{500, 1000, 1990, 2000}), 0.95, "95%");
        assertFalse(s.exact());
        assertEquals(3, s.lo());
        assertEquals(4, s.hi());
        assertEquals("3 – 4 (2 is below the level; sizes between not measured)", s.text());
        assertEquals(List.of(3.0), Refinement.propose(s.mark("THREADS"), 2, true));
    }

    @Test
    void sizesBeyondTheBestThatFallBelowAgainAreListed() {
        SmallestReaching s = SmallestReaching.of(curve(new double[]{1, 2, 4, 8}, new double[]{1000, 2000, 1700, 1500}), 0.95, "95%");
        assertEquals(2, s.answer());
        assertEquals(List.of(4.0, 8.0), s.belowAgain());
    }
}
