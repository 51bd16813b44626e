package dev.crossover.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures, on the synthetic model of {@link SyntheticGrid} (fork means 2% around the truth,
 * iterations 3% around their fork's mean, 5 forks × 5 iterations a side, grids of 50, seeded), the
 * false-alarm rate and the power of the default comparison. The figures are printed for the README.
 */
class StatisticalPropertiesTest {

    private static final int GRID = 50;

    @Test
    void aaGridsRarelyReportAnyRegression() {
        SyntheticGrid.Rates r = SyntheticGrid.simulate(42, 1000, GRID, 5, 5, 0, CompareOptions.defaults());
        System.out.printf("A/A, 5 forks x 5 iterations, %d grids of %d: %.2f%% of grids report a regression%n",
                r.trials(), GRID, 100 * r.anyRate());
        assertTrue(r.anyRate() <= 0.05, "A/A false alarm rate " + r.anyRate());
    }

    @Test
    void tenPercentSlowdownIsFound() {
        SyntheticGrid.Rates r = SyntheticGrid.simulate(7, 500, GRID, 5, 5, 0.10, CompareOptions.defaults());
        System.out.printf("10%% slowdown, 5 forks: power %.1f%% (%d trials)%n", 100 * r.power(), r.trials());
        assertTrue(r.power() >= 0.90, "power " + r.power());
    }

    @Test
    void twoPercentSlowdownIsNotCalledARegression() {
        SyntheticGrid.Rates r = SyntheticGrid.simulate(11, 500, GRID, 5, 5, 0.02, CompareOptions.defaults());
        System.out.printf("2%% slowdown, 5 forks: called a regression in %.1f%% of %d trials%n", 100 * r.power(), r.trials());
        assertTrue(r.power() <= 0.05, "2% slowdown called a regression in " + r.power());
    }

    @Test
    void powerAtThreeForks() {
        SyntheticGrid.Rates mod = SyntheticGrid.simulate(13, 1000, GRID, 3, 5, 0.10, CompareOptions.defaults());
        SyntheticGrid.Rates plain = SyntheticGrid.simulate(13, 300, GRID, 3, 5, 0.10,
                CompareOptions.defaults().withModerate(false));
        SyntheticGrid.Rates aa = SyntheticGrid.simulate(17, 500, GRID, 3, 5, 0, CompareOptions.defaults());
        System.out.printf("3 forks x 5 iterations: power for 10%% %.1f%% moderated, %.1f%% without moderation; A/A %.2f%%%n",
                100 * mod.power(), 100 * plain.power(), 100 * aa.anyRate());
        assertTrue(aa.anyRate() <= 0.05, "A/A at 3 forks " + aa.anyRate());
        assertTrue(mod.power() > plain.power(), "moderation should add power at 3 forks");
    }
    /** The quick preset's regression-gating set: 2 forks × 2 iterations a side. */
    @Test
    void powerAtTwoForksOfTwoIterations() {
        SyntheticGrid.Rates ten = SyntheticGrid.simulate(19, 1000, GRID, 2, 2, 0.10, CompareOptions.defaults());
        SyntheticGrid.Rates fifteen = SyntheticGrid.simulate(23, 1000, GRID, 2, 2, 0.15, CompareOptions.defaults());
        SyntheticGrid.Rates plain = SyntheticGrid.simulate(19, 300, GRID, 2, 2, 0.10, CompareOptions.defaults().withModerate(false));
        SyntheticGrid.Rates aa = SyntheticGrid.simulate(29, 500, GRID, 2, 2, 0, CompareOptions.defaults());
        System.out.printf("2 forks x 2 iterations: power for 10%% %.1f%% moderated (%.1f%% without), for 15%% %.1f%%; A/A %.2f%%%n",
                100 * ten.power(), 100 * plain.power(), 100 * fifteen.power(), 100 * aa.anyRate());
        assertTrue(aa.anyRate() <= 0.05, "A/A at 2 forks " + aa.anyRate());
        assertTrue(ten.power() > plain.power(), "moderation should add power at 2 forks");
        assertTrue(fifteen.power() > ten.power(), "a larger slowdown should be found more often");
    }
}
