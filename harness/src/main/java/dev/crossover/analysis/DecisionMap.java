package dev.crossover.analysis;

import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer a user came for, as ranges instead of grid points: for CPU-bound work the task sizes in
 * which each choice wins or ties, for I/O-bound work the concurrency ranges, for mixed work the
 * wait-fraction ranges. Neighbouring measured points that say the same thing ({@link Answer#decisionKey})
 * form one {@link Region}; between two regions lies a {@link Boundary}, today the grid bracket (the
 * last point of one region and the first of the next), to be narrowed where a crossover has located
 * the change more closely. The report's first table, its map chart and {@code advise} all read this.
 *
 * @param threshold     the practical tie threshold the points were judged with (0.02 = 2%)
 * @param cores         the run's core count, or null
 * @param microsPerUnit µs of one CPU work unit on one thread (CpuUnitBench), NaN when not measured
 * @param axes          one per load shape (one per delay for I/O-bound work), in report order
 */
public record DecisionMap(double threshold, Integer cores, double microsPerUnit, List<Axis> axes) {

    /**
     * One way to run the work, at one point.
     *
     * @param id       the family, the same across shapes ({@code caller}, {@code pool-cores},
     *                 {@code pool-formula}, {@code pool-2formula}, {@code virtual}, {@code virtual-capped},
     *                 {@code thread-per-task}, {@code process-pipe}, {@code process-shm}): charts colour by it
     * @param label    in words: "the calling thread", "virtual threads capped at 2" (a semaphore is a
     *                 cap, not a pool)
     * @param evidence its score
     * @param cost     what it costs
     */
    public record Choice(String id, String label, Evidence evidence, Cost cost) {
    }

    /**
     * What a choice costs besides time, labelled with what was measured.
     *
     * @param cpuMicrosPerTask   CPU time per task, µs; NaN when not measured
     * @param cpuSource          "process tree" (profiler), "children only" (the cost counters see only
     *                           child JVMs), {@link #NOT_MEASURED}, or "not measured in-process"
     * @param memoryMb           resident memory, MB; NaN when not measured
     * @param memorySource       "PSS, process tree" or "RSS, JVM + children"
     * @param ctxSwitchesPerTask context switches per task; NaN when not measured
     */
    public record Cost(double cpuMicrosPerTask, String cpuSource, double memoryMb, String memorySource,
                       double ctxSwitchesPerTask) {

        /** How an absent figure is labelled; never shown as 0. */
        public static final String NOT_MEASURED = "not measured";

        /** "CPU 5.1 µs/task (children only) · 380 MB (RSS, JVM + children)". */
        public String text() {
            String cpu = Double.isFinite(cpuMicrosPerTask)
                    ? "CPU " + Fmt.micros(cpuMicrosPerTask) + "/task (" + cpuSource + ")"
                    : "CPU " + cpuSource;
            if (cpuSource.equals("not measured in-process")) {
                cpu = "CPU not measured (in-process: the parent's CPU is not counted)";
            }
            String mem = Double.isFinite(memoryMb) ? Fmt.num(memoryMb) + " MB (" + memorySource + ")" : "memory " + NOT_MEASURED;
            String cs = Double.isFinite(ctxSwitchesPerTask) ? " · " + Fmt.num(ctxSwitchesPerTask) + " context switches/task" : "";
            return cpu + " · " + mem + cs;
        }

        /** "289 MB RSS · CPU not measured (in-process)", "380 MB RSS · 5.1 µs CPU/task (children only)". */
        public String shortText() {
            String mem = Double.isFinite(memoryMb) ? Fmt.num(memoryMb) + " MB " + (memorySource.startsWith("PSS") ? "PSS" : "RSS")
                    : "memory " + NOT_MEASURED;
            String cpu = Double.isFinite(cpuMicrosPerTask) ? Fmt.micros(cpuMicrosPerTask) + " CPU/task"
                    + (cpuSource.equals("process tree") ? "" : " (" + cpuSource + ")")
                    : cpuSource.equals("not measured in-process") ? "CPU not measured (in-process)" : "CPU " + NOT_MEASURED;
            return mem + " · " + cpu;
        }
    }

    /**
     * Where the decision changes between two regions.
     *
     * @param lo     the change happens above this point
     * @param hi     and at or below this one
     * @param source how it was located: {@link #GRID} for the bracketing grid points, or the ID of the
     *               crossover that located it
     */
    public record Boundary(double lo, double hi, String source) {

        /** The source of a boundary known only from the two measured points around it. */
        public static final String GRID = "grid bracket";
    }

    /**
     * Neighbouring points of one axis that say the same thing.
     *
     * @param points the measured points, in axis order
     * @param below  the boundary with the region below, or null at the low end of what was measured
     * @param above  the boundary with the region above, or null at the high end
     */
    public record Region(List<Answer> points, Boundary below, Boundary above) {

        public Region {
            points = List.copyOf(points);
        }

        /** What the region says: its first point's decision (all its points say the same). */
        public Answer first() {
            return points.getFirst();
        }

        /** The last point. */
        public Answer last() {
            return points.getLast();
        }

        /** The outcome every point of the region shares. */
        public Outcome outcome() {
            return first().outcome();
        }

        /**
         * The point where the best is least clearly ahead of its runner-up (lowest end of the
         * interval): the one to quote for the whole region.
         */
        public Answer weakest() {
            Answer w = first();
            for (Answer a : points) {
                if (a.versus() != null && (w.versus() == null || a.versus().betterLow() < w.versus().betterLow())) {
                    w = a;
                }
            }
            return w;
        }
    }

    /**
     * One load shape's measured points and their regions.
     *
     * @param shape   the load shape
     * @param title   "CPU-bound, no wait", "I/O-bound, 100 ms wait per request", "mixed, 1 ms tasks"
     * @param xName   what the axis measures: "work per task", "requests in flight", "wait fraction"
     * @param points  every point, in axis order
     * @param regions the points grouped into regions
     */
    public record Axis(Answer.Shape shape, String title, String xName, List<Answer> points, List<Region> regions) {

        public Axis {
            points = List.copyOf(points);
            regions = List.copyOf(regions);
        }

        /** A position on this axis in words: "9.42 µs", "1000", "0.9". */
        public String fmt(double x) {
            return shape == Answer.Shape.CPU && points.stream().anyMatch(p -> Double.isFinite(p.computeMicros())) ? Fmt.micros(x) : Fmt.num(x);
        }

        /** "9.42 µs" for one point, "9.42 µs – 942 µs" for a region of several. */
        public String span(Region r) {
            return r.points().size() == 1 ? fmt(r.first().x()) : fmt(r.first().x()) + " – " + fmt(r.last().x());
        }

        /** "between 94.2 µs and 942 µs (grid bracket)", or "" at the end of the axis. */
        public String boundaryText(Boundary b) {
            return b == null ? "" : "between " + fmt(b.lo()) + " and " + fmt(b.hi())
                    + (Boundary.GRID.equals(b.source()) ? "" : " (" + b.source() + ")");
        }
    }

    /** The map of {@code a}'s run at the default tie threshold. */
    public static DecisionMap of(Analysis a) {
        return of(a, Difference.DEFAULT_THRESHOLD);
    }

    /** The map of {@code a}'s run, ties judged against {@code threshold} (0.02 = 2%). */
    public static DecisionMap of(Analysis a, double threshold) {
        Analysis.Context ctx = new Analysis.Context(a.data(), a.catalog());
        List<Answer> answers = threshold == Difference.DEFAULT_THRESHOLD && a.answers() != null ? a.answers() : Answers.of(ctx, threshold);
        Map<String, List<Answer>> byAxis = new LinkedHashMap<>();
        for (Answer x : answers) {
            String key = switch (x.shape()) {
                case CPU -> "CPU-bound, no wait";
                case IO -> "I/O-bound" + (Double.isFinite(x.waitMicros()) ? ", " + Fmt.micros(x.waitMicros()) + " wait per request" : "");
                case MIXED -> "mixed, " + Fmt.micros(x.computeMicros() + x.waitMicros()) + " tasks";
            };
            byAxis.computeIfAbsent(key, k -> new ArrayList<>()).add(x);
        }
        List<Axis> axes = new ArrayList<>();
        byAxis.forEach((title, pts) -> {
            Answer.Shape shape = pts.getFirst().shape();
            String xName = switch (shape) {
                case CPU -> "work per task";
                case IO -> "requests in flight";
                case MIXED -> "wait fraction";
            };
            axes.add(new Axis(shape, title, xName, pts, regions(pts)));
        });
        return new DecisionMap(threshold, ctx.cores, CrossoverRules.microsPerUnit(ctx), axes);
    }

    /** Consecutive points with the same decision, each pair of regions split at the grid bracket. */
    static List<Region> regions(List<Answer> points) {
        List<List<Answer>> runs = new ArrayList<>();
        for (Answer p : points) {
            if (runs.isEmpty() || !runs.getLast().getLast().decisionKey().equals(p.decisionKey())) {
                runs.add(new ArrayList<>());
            }
            runs.getLast().add(p);
        }
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Boundary below = i == 0 ? null : new Boundary(runs.get(i - 1).getLast().x(), runs.get(i).getFirst().x(), Boundary.GRID);
            Boundary above = i + 1 == runs.size() ? null : new Boundary(runs.get(i).getLast().x(), runs.get(i + 1).getFirst().x(), Boundary.GRID);
            out.add(new Region(runs.get(i), below, above));
        }
        return out;
    }

    /** The axis of a shape (the first, for I/O-bound work at several delays), or null when it was not measured. */
    public Axis axis(Answer.Shape shape) {
        return axes.stream().filter(a -> a.shape() == shape).findFirst().orElse(null);
    }

    /** True when no load shape was measured. */
    public boolean isEmpty() {
        return axes.isEmpty();
    }
}
