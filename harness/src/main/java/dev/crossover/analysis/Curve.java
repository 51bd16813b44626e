package dev.crossover.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A measured curve: scores of one benchmark method against one numeric param, for one value of
 * the series param (e.g. throughput against pool size for {@code executor=THREADS}).
 *
 * @param label          the series value, e.g. {@code THREADS}; used in every sentence about it
 * @param benchmark      {@code Class.method}
 * @param xParam         the param on the x axis
 * @param unit           the score unit
 * @param higherIsBetter true for throughput
 * @param points         sorted by x, one per x
 */
public record Curve(String label, String benchmark, String xParam, String unit, boolean higherIsBetter,
                    List<Point> points) {

    public Curve {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::x));
        points = List.copyOf(sorted);
    }

    /** The x values, ascending. */
    public double[] xs() {
        return points.stream().mapToDouble(Point::x).toArray();
    }

    /** The point at exactly x, or null. */
    public Point at(double x) {
        for (Point p : points) {
            if (p.x() == x) {
                return p;
            }
        }
        return null;
    }

    /** The best point: highest score for throughput, lowest for time per operation; null when empty. */
    public Point best() {
        Point best = null;
        for (Point p : points) {
            if (best == null || (higherIsBetter ? p.y() > best.y() : p.y() < best.y())) {
                best = p;
            }
        }
        return best;
    }

    /** This curve with every score and error multiplied by {@code factor} (e.g. 90% of a reference). */
    public Curve scaled(double factor, String newLabel) {
        return new Curve(newLabel, benchmark, xParam, unit, higherIsBetter,
                points.stream().map(p -> p.times(factor)).toList());
    }

    /** A flat curve at {@code level} (error {@code error}) over the same x values: a threshold to cross. */
    public Curve flat(double level, double error, String newLabel) {
        return new Curve(newLabel, benchmark, xParam, unit, higherIsBetter,
                points.stream().map(p -> new Point(p.x(), level, error, null)).toList());
    }

    /** True when every x is positive, so interpolation and axes may use log scale. */
    public boolean logX() {
        return !points.isEmpty() && points.stream().allMatch(p -> p.x() > 0);
    }
}
