package dev.crossover.fleet;

import dev.crossover.analysis.Answer;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a fleet says across its comparable runs: every crossover decision against the core budget with
 * its interval and whether it moved, the decision maps side by side, and the claims whose verdict
 * changes with the machine. Nothing is re-derived: each figure is the run's own {@link CrossoverFinding.Decision},
 * {@link DecisionMap} or {@link Verdict}.
 *
 * @param crossovers one series per crossover and subject (e.g. X2, {@code PROCESS_PIPE 90% of THREADS})
 * @param maps       one side-by-side table per load-shape axis
 * @param claims     every claim's verdict per run, those that change first
 */
public record FleetFindings(List<Series> crossovers, List<MapAxis> maps, List<ClaimAcross> claims) {

    /**
     * One run's decision on one crossover subject.
     *
     * @param run    the run's label
     * @param cores  its CPU budget
     * @param status what the decision says
     * @param value  the estimate on the crossover's axis, null when there is none
     * @param lo     the interval's low end, null when there is none (or it is open: see {@code loOpen})
     * @param hi     the high end, null when there is none
     * @param loOpen true when no measured point lies clearly on the low side: the crossing may lie below {@code lo}
     * @param hiOpen true when it may lie above {@code hi}
     * @param text   the run's own words for it
     */
    public record Point(String run, int cores, CrossoverFinding.Status status, Double value, Double lo, Double hi,
                        boolean loOpen, boolean hiOpen, String text) {

        /** Whether {@code other}'s interval and this one's cannot overlap (both must have one). */
        boolean apartFrom(Point other) {
            if (lo == null || hi == null || other.lo == null || other.hi == null) {
                return false;
            }
            double aLo = loOpen ? Double.NEGATIVE_INFINITY : lo;
            double aHi = hiOpen ? Double.POSITIVE_INFINITY : hi;
            double bLo = other.loOpen ? Double.NEGATIVE_INFINITY : other.lo;
            double bHi = other.hiOpen ? Double.POSITIVE_INFINITY : other.hi;
            return aHi < bLo || bHi < aLo;
        }

        /** "≈ 312 [100, 1000]", "≤ 100", "not reached", … */
        public String shortText() {
            String v = value == null ? "" : Fmt.num(value);
            String interval = lo == null || hi == null ? "" : loOpen && hiOpen ? " (anywhere in " + Fmt.num(lo) + " – " + Fmt.num(hi) + ")"
                    : loOpen ? " [≤ " + Fmt.num(hi) + "]" : hiOpen ? " [≥ " + Fmt.num(lo) + "]"
                    : lo.equals(hi) ? "" : " [" + Fmt.num(lo) + ", " + Fmt.num(hi) + "]";
            return switch (status) {
                case LOCATED, RANGE -> v + interval;
                case FROM_START -> "already at " + v + " (the smallest measured)";
                case NOT_REACHED -> "not reached in the measured range";
                case TIE -> "a tie, no crossover";
                case UNRESOLVED -> value == null ? "unresolved" : "unresolved: " + v + interval;
            };
        }
    }

    /** How a crossover decision changed from the fewest cores to the most. */
    public enum Movement {
        /** Located on both ends, and the intervals do not overlap: it moved. */
        MOVED,
        /** Located on both ends, the intervals overlap: any move is within what the runs can tell. */
        WITHIN_INTERVALS,
        /** Its kind changed (e.g. not reached on one machine, located on another). */
        CHANGED,
        /** The same kind without a position on both ends (a tie on both, not reached on both). */
        UNCHANGED,
        /** One end or both unresolved, or measured on one run only. */
        UNKNOWN,
        /** Runs of one core budget, located on each, every two intervals overlapping: it repeats. */
        REPEATS,
        /** Runs of one core budget, located on each, two intervals apart: the runs disagree beyond their intervals. */
        DIFFERS
    }

    /**
     * One crossover subject across the runs.
     *
     * @param id       the crossover, e.g. {@code X2}
     * @param title    its one-line statement
     * @param axis     what its position measures (the run report's chart axis), null when unknown
     * @param subject  the curve pair or executor
     * @param points   per comparable run, fewest cores first (runs without this subject are left out)
     * @param movement how it changed from the fewest cores to the most
     * @param ratio    most cores' estimate ÷ fewest cores', null where either has none
     * @param verdict  the movement in words with its numbers
     */
    public record Series(String id, String title, String axis, String subject, List<Point> points, Movement movement, Double ratio,
                         String verdict) {
    }

    /**
     * One load shape's decision map, run by run.
     *
     * @param title the axis ("CPU-bound, no wait")
     * @param xName what its points measure
     * @param runs  the run labels, in column order
     * @param rows  aligned points when every run measured the same number of points, else one row per run
     *              giving its regions
     * @param aligned true when the rows are points, false when they are regions
     */
    public record MapAxis(String title, String xName, List<String> runs, List<List<String>> rows, boolean aligned) {
    }

    /**
     * One claim across the runs.
     *
     * @param id      the claim
     * @param claim   its one-line statement
     * @param byRun   verdict label per run label
     * @param changes true when the runs disagree
     * @param sides   each verdict label with the runs that got it
     */
    public record ClaimAcross(String id, String claim, Map<String, String> byRun, boolean changes,
                              Map<String, List<String>> sides) {
    }

    /** The findings of {@code fleet}'s comparable runs. */
    public static FleetFindings of(Fleet fleet) {
        return new FleetFindings(crossovers(fleet.runs()), maps(fleet.runs()), claims(fleet.runs()));
    }

    static List<Series> crossovers(List<FleetRun> runs) {
        Map<String, Map<String, List<Point>>> byId = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, String> axes = new LinkedHashMap<>();
        for (FleetRun r : runs) {
            for (CrossoverFinding f : r.analysis().crossovers().values()) {
                titles.putIfAbsent(f.id(), f.title());
                if (f.chart() != null) {
                    axes.putIfAbsent(f.id(), f.chart().xLabel());
                }
                for (CrossoverFinding.Decision d : f.decisions()) {
                    byId.computeIfAbsent(f.id(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(d.subject(), k -> new ArrayList<>()).add(point(r, d));
                }
            }
        }
        List<Series> out = new ArrayList<>();
        byId.forEach((id, subjects) -> subjects.forEach((subject, pts) -> out.add(series(id, titles.get(id), axes.get(id), subject, pts))));
        return out;
    }

    static Point point(FleetRun r, CrossoverFinding.Decision d) {
        Crossing c = d.crossing();
        Double value = Double.isFinite(d.value()) ? d.value() : null;
        Double lo = c != null && Double.isFinite(c.lo()) ? c.lo() : null;
        Double hi = c != null && Double.isFinite(c.hi()) ? c.hi() : null;
        if (c == null && d.status() == CrossoverFinding.Status.LOCATED && value != null) {
            lo = value; // a measured integer answer: its interval is the point itself
            hi = value;
        }
        return new Point(r.label(), r.cores(), d.status(), value, lo, hi, c != null && c.loOpen(), c != null && c.hiOpen(),
                d.text());
    }

    static Series series(String id, String title, String axis, String subject, List<Point> pts) {
        Point a = pts.getFirst();
        Point b = pts.getLast();
        if (pts.size() < 2) {
            return new Series(id, title, axis, subject, pts, Movement.UNKNOWN, null, "measured on one run only");
        }
        if (pts.stream().allMatch(p -> p.cores() == a.cores())) {
            return repeatability(id, title, axis, subject, pts);
        }
        String from = a.cores() + (a.cores() == 1 ? " core" : " cores");
        String to = b.cores() + " cores";
        Double ratio = a.value() != null && b.value() != null && a.value() > 0 ? b.value() / a.value() : null;
        boolean located = located(a) && located(b);
        if (located) {
            String r = ratio == null ? "" : " (×" + Fmt.num(ratio) + ")";
            if (a.value() != null && a.value().equals(b.value()) && java.util.Objects.equals(a.lo(), b.lo())
                    && java.util.Objects.equals(a.hi(), b.hi())) {
                return new Series(id, title, axis, subject, pts, Movement.WITHIN_INTERVALS, ratio, "the same at " + from + " and at "
                        + to + ": " + a.shortText());
            }
            if (a.apartFrom(b)) {
                return new Series(id, title, axis, subject, pts, Movement.MOVED, ratio, "moved from " + a.shortText() + " at " + from
                        + " to " + b.shortText() + " at " + to + r + ": the intervals do not overlap");
            }
            return new Series(id, title, axis, subject, pts, Movement.WITHIN_INTERVALS, ratio, a.shortText() + " at " + from + ", "
                    + b.shortText() + " at " + to + r + ": the intervals overlap, so no move is shown");
        }
        if (a.status() != b.status() && a.status() != CrossoverFinding.Status.UNRESOLVED
                && b.status() != CrossoverFinding.Status.UNRESOLVED) {
            return new Series(id, title, axis, subject, pts, Movement.CHANGED, ratio, a.shortText() + " at " + from + ", "
                    + b.shortText() + " at " + to);
        }
        if (a.status() == b.status() && a.status() != CrossoverFinding.Status.UNRESOLVED && a.value() == null && b.value() == null) {
            return new Series(id, title, axis, subject, pts, Movement.UNCHANGED, null, a.shortText() + " at " + from + " and at " + to);
        }
        return new Series(id, title, axis, subject, pts, Movement.UNKNOWN, ratio, a.shortText() + " at " + from + ", "
                + b.shortText() + " at " + to + ": unresolved on at least one, so no move can be stated");
    }

    /**
     * Runs of one core budget (repeats of one machine): whether each located crossover's intervals overlap on
     * every two runs. Two that do not are a disagreement the intervals did not allow for.
     */
    static Series repeatability(String id, String title, String axis, String subject, List<Point> pts) {
        String each = String.join(", ", pts.stream().map(p -> p.shortText() + " on " + p.run()).toList());
        if (pts.stream().allMatch(FleetFindings::located)) {
            for (int i = 0; i < pts.size(); i++) {
                for (int j = i + 1; j < pts.size(); j++) {
                    if (pts.get(i).apartFrom(pts.get(j))) {
                        return new Series(id, title, axis, subject, pts, Movement.DIFFERS, null, each + ": the intervals of "
                                + pts.get(i).run() + " and " + pts.get(j).run() + " do not overlap on one core budget");
                    }
                }
            }
            return new Series(id, title, axis, subject, pts, Movement.REPEATS, null, each + ": the intervals overlap");
        }
        boolean unresolved = pts.stream().anyMatch(p -> p.status() == CrossoverFinding.Status.UNRESOLVED);
        if (!unresolved && pts.stream().map(Point::status).distinct().count() > 1) {
            return new Series(id, title, axis, subject, pts, Movement.CHANGED, null, each);
        }
        if (!unresolved && pts.stream().allMatch(p -> p.value() == null)) {
            return new Series(id, title, axis, subject, pts, Movement.UNCHANGED, null, each);
        }
        return new Series(id, title, axis, subject, pts, Movement.UNKNOWN, null, each + ": unresolved or unlocated on at least one run");
    }

    private static boolean located(Point p) {
        return (p.status() == CrossoverFinding.Status.LOCATED || p.status() == CrossoverFinding.Status.RANGE)
                && p.lo() != null && p.hi() != null;
    }

    static List<MapAxis> maps(List<FleetRun> runs) {
        Set<String> titles = new LinkedHashSet<>();
        runs.forEach(r -> r.map().axes().forEach(a -> titles.add(a.title())));
        List<String> labels = runs.stream().map(FleetRun::label).toList();
        List<MapAxis> out = new ArrayList<>();
        for (String title : titles) {
            List<DecisionMap.Axis> axes = runs.stream().map(r -> r.map().axes().stream()
                    .filter(a -> a.title().equals(title)).findFirst().orElse(null)).toList();
            DecisionMap.Axis any = axes.stream().filter(a -> a != null).findFirst().orElseThrow();
            int n = any.points().size();
            boolean aligned = axes.stream().allMatch(a -> a != null && a.points().size() == n);
            List<List<String>> rows = new ArrayList<>();
            if (aligned) {
                for (int i = 0; i < n; i++) {
                    final int k = i;
                    Set<String> xs = new LinkedHashSet<>();
                    axes.forEach(a -> xs.add(a.fmt(a.points().get(k).x())));
                    List<String> row = new ArrayList<>();
                    row.add(String.join(" / ", xs));
                    for (DecisionMap.Axis a : axes) {
                        Answer p = a.points().get(k);
                        row.add((xs.size() > 1 ? a.fmt(p.x()) + ": " : "") + p.decision());
                    }
                    rows.add(row);
                }
            } else {
                for (int i = 0; i < runs.size(); i++) {
                    DecisionMap.Axis a = axes.get(i);
                    List<String> row = new ArrayList<>();
                    row.add(labels.get(i));
                    row.add(a == null ? "not measured" : String.join("; ", a.regions().stream()
                            .map(r -> a.span(r) + ": " + r.first().decision()).toList()));
                    rows.add(row);
                }
            }
            out.add(new MapAxis(title, any.xName(), labels, rows, aligned));
        }
        return out;
    }

    static List<ClaimAcross> claims(List<FleetRun> runs) {
        Map<String, ClaimAcross> out = new LinkedHashMap<>();
        if (runs.isEmpty()) {
            return List.of();
        }
        for (String id : runs.getFirst().analysis().verdicts().keySet()) {
            Map<String, String> byRun = new LinkedHashMap<>();
            Map<String, List<String>> sides = new LinkedHashMap<>();
            String claim = null;
            for (FleetRun r : runs) {
                Verdict v = r.analysis().verdicts().get(id);
                if (v == null) {
                    continue;
                }
                claim = v.claim();
                byRun.put(r.label(), v.label());
                sides.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(r.label());
            }
            out.put(id, new ClaimAcross(id, claim, byRun, sides.size() > 1, sides));
        }
        List<ClaimAcross> list = new ArrayList<>(out.values());
        list.sort((x, y) -> Boolean.compare(y.changes(), x.changes()));
        return list;
    }
}
