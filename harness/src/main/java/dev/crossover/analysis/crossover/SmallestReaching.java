package dev.crossover.analysis.crossover;

import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinder;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.CrossoverResult.State;
import dev.crossover.analysis.CrossoverResult.Step;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest value of an integer param (pool size, chunk size) at which a curve reaches a share of
 * its best point, answered in integers: each measured size is judged on its fork means against the
 * best one's, and the answer lies after the largest size clearly below the level and at or before
 * the first one clearly at it.
 *
 * @param curve     the curve
 * @param best      its best measured point
 * @param result    the size-by-size decision
 * @param answer    the smallest measured size not clearly below the level (after the last one clearly below)
 * @param lo        the smallest integer the answer may be: one above the last size clearly below, or the smallest measured
 * @param hi        the largest integer it may be: the first size at or after {@code answer} clearly at the level
 *                  (or the best point itself)
 * @param lowOpen   true when no measured size is clearly below the level and the smallest is not clearly at it
 * @param belowAgain measured sizes beyond the best that fall clearly below the level again
 */
public record SmallestReaching(Curve curve, Point best, CrossoverResult result, double answer, double lo, double hi,
                               boolean lowOpen, List<Double> belowAgain) {

    /** Judges {@code curve} against {@code share} of its best point. */
    public static SmallestReaching of(Curve curve, double share, String levelLabel) {
        Point best = curve.best();
        CrossoverResult r = CrossoverFinder.reaching(curve, best, share, levelLabel);
        List<Step> steps = r.steps();
        int bestIndex = curve.points().indexOf(best);
        int lastBelow = -1;
        for (int i = 0; i < bestIndex; i++) {
            if (steps.get(i).state() == State.B_AHEAD) {
                lastBelow = i;
            }
        }
        int answer = lastBelow + 1;
        int firstAt = bestIndex;
        for (int i = answer; i < bestIndex; i++) {
            if (steps.get(i).state() == State.A_AHEAD) {
                firstAt = i;
                break;
            }
        }
        double smallest = curve.points().getFirst().x();
        double lo = lastBelow < 0 ? smallest : curve.points().get(lastBelow).x() + 1;
        List<Double> again = new ArrayList<>();
        for (int i = bestIndex + 1; i < steps.size(); i++) {
            if (steps.get(i).state() == State.B_AHEAD) {
                again.add(steps.get(i).x());
            }
        }
        return new SmallestReaching(curve, best, r, curve.points().get(answer).x(), Math.min(lo, curve.points().get(answer).x()),
                curve.points().get(firstAt).x(), lastBelow < 0 && steps.getFirst().state() != State.A_AHEAD, again);
    }

    /** True when one integer is left: the size below the answer is clearly short and the answer clearly there. */
    public boolean exact() {
        return lo == hi;
    }

    /** The answer as a crossing to mark on a chart (interval lo – hi). */
    public Crossing mark(String label) {
        // the bracket starts at the last size measured below the level, so the sizes after it may be proposed
        double bracketLo = lo > curve.points().getFirst().x() ? lo - 1 : lo;
        return new Crossing(answer, lo, hi, lowOpen, false, lo == hi, bracketLo, hi, result.b(), label, false,
                Crossing.Basis.GRID, false);
    }

    /** "2", or "17 – 1024 (16 is below the level; 64, 256 cannot be told from it; sizes between not measured)". */
    public String text() {
        if (exact()) {
            return Fmt.num(answer);
        }
        List<String> notes = new ArrayList<>();
        Step below = lo > curve.points().getFirst().x() ? stepAt(lo - 1) : null;
        if (below != null) {
            notes.add(Fmt.num(lo - 1) + " is below the level");
        }
        List<String> unclear = new ArrayList<>();
        int measured = 0;
        for (Step s : result.steps()) {
            if (s.x() >= lo && s.x() <= hi) {
                measured++;
                if (s.x() < hi && s.state() != State.A_AHEAD) {
                    unclear.add(Fmt.num(s.x()));
                }
            }
        }
        if (!unclear.isEmpty()) {
            notes.add(String.join(", ", unclear) + (unclear.size() == 1 ? " cannot" : " cannot") + " be told from the level");
        }
        if (hi - lo + 1 > measured) {
            notes.add("sizes between not measured");
        }
        return Fmt.num(lo) + " – " + Fmt.num(hi) + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }

    /** True when measured sizes in the range could not be told from the level (more forks would tell). */
    public boolean unclear() {
        return result.steps().stream().anyMatch(s -> s.x() >= lo && s.x() < hi && s.state() != State.A_AHEAD);
    }

    private Step stepAt(double x) {
        return result.steps().stream().filter(s -> s.x() == x).findFirst().orElse(null);
    }
}
