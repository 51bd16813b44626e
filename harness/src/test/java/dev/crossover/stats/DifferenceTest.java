package dev.crossover.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifferenceTest {

    @Test
    void clearWinIsAheadAndItsReverseBehind() {
        Difference d = Difference.of(new double[]{110, 111, 109}, new double[]{100, 101, 99}, true, 0.02);
        assertEquals(Outcome.AHEAD, d.outcome());
        assertEquals(Outcome.BEHIND, d.reversed().outcome());
        assertEquals(1.10, d.betterRatio(), 0.005);
        assertTrue(d.betterLow() > 1.02 && d.betterHigh() < 1.2, d.text());
    }

    @Test
    void lowerIsBetterFlipsTheDirection() {
        Difference d = Difference.of(new double[]{90, 91, 89}, new double[]{100, 101, 99}, false, 0.02);
        assertEquals(Outcome.AHEAD, d.outcome());
        assertTrue(d.betterRatio() > 1.1);
    }

    @Test
    void narrowEqualIntervalIsATieAndWideOneUnresolved() {
        Difference tie = Difference.of(new double[]{100.0, 100.2, 99.9, 100.1}, new double[]{100.1, 99.9, 100.0, 100.2}, true, 0.02);
        assertEquals(Outcome.TIE, tie.outcome());
        Difference wide = Difference.of(new double[]{80, 120, 100}, new double[]{100, 95, 105}, true, 0.02);
        assertEquals(Outcome.UNRESOLVED, wide.outcome());
        assertFalse(wide.significant());
    }

    @Test
    void oneForkGivesARatioButNoInterval() {
        Difference d = Difference.of(new double[]{200}, new double[]{100, 100}, true, 0.02);
        assertEquals(2.0, d.betterRatio(), 1e-12);
        assertEquals(Outcome.UNRESOLVED, d.outcome());
        assertTrue(d.text().contains("1 fork"), d.text());
    }

    @Test
    void intervalCoversTheTrueRatioAtItsNominalRate() {
        Random rnd = new Random(7);
        int covered = 0;
        int trials = 2000;
        for (int t = 0; t < trials; t++) {
            double[] a = new double[3];
            double[] b = new double[3];
            for (int i = 0; i < 3; i++) {
                a[i] = 1.2 * Math.exp(0.06 * rnd.nextGaussian());
                b[i] = Math.exp(0.03 * rnd.nextGaussian());
            }
            RatioInterval r = RatioInterval.of(a, b);
            if (r.low() <= 1.2 && 1.2 <= r.high()) {
                covered++;
            }
        }
        double coverage = covered / (double) trials;
        assertTrue(coverage > 0.93 && coverage < 0.975, "coverage " + coverage);
    }

    @Test
    void badThresholdIsRefusedWithItsValue() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Difference.of(new double[]{1, 1}, new double[]{1, 1}, true, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"));
    }
}
