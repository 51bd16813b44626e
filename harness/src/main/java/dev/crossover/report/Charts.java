package dev.crossover.report;

import dev.crossover.analysis.Answer;
import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws the report's charts as PNG files with JFreeChart: log axes where a range spans a decade or
 * more, error bars from JMH's score error, the core count and each crossover (estimate and interval)
 * marked. Headless: no display is needed.
 */
public final class Charts {

    static {
        // must be set before any AWT class initialises, or a CI machine without a display fails
        System.setProperty("java.awt.headless", "true");
    }

    /** Width and height in pixels: readable on GitHub at page width. */
    static final int WIDTH = 960;
    static final int HEIGHT = 560;

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {
    }

    /** Draws a curve chart to {@code file}. */
    public static void draw(ChartSpec spec, Path file) throws IOException {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        for (Curve c : spec.curves()) {
            XYIntervalSeries s = new XYIntervalSeries(c.label());
            for (Point p : c.points()) {
                double lo = Math.max(p.low(), p.y() * 0.05); // a log axis cannot show an error bar reaching zero
                s.add(p.x(), p.x(), p.x(), p.y(), lo, p.high());
                xMin = Math.min(xMin, p.x());
                xMax = Math.max(xMax, p.x());
                yMin = Math.min(yMin, p.y());
                yMax = Math.max(yMax, p.y());
            }
            data.addSeries(s);
        }
        for (double h : spec.hLines()) {
            // a reference level must be on the chart even when every curve stays far from it
            yMin = Math.min(yMin, h);
            yMax = Math.max(yMax, h);
        }
        ValueAxis xAxis = axis(spec.xLabel(), xMin, xMax);
        ValueAxis yAxis = axis(spec.yLabel(), yMin, yMax);
        if (!spec.hLines().isEmpty() && yMin > 0 && yMax > yMin) {
            boolean log = yAxis instanceof LogAxis;
            yAxis.setRange(log ? yMin / 1.5 : Math.max(0, yMin - 0.08 * (yMax - yMin)), log ? yMax * 1.5 : yMax + 0.08 * (yMax - yMin));
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.2f));
        renderer.setCapLength(6);
        for (int i = 0; i < spec.curves().size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            if (spec.curves().get(i).label().contains("%") || spec.curves().get(i).label().contains("bound")) {
                renderer.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
                renderer.setSeriesPaint(i, Color.GRAY);
            }
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        if (spec.coreMarker() != null) {
            ValueMarker m = new ValueMarker(spec.coreMarker(), new Color(0x555555),
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{3f, 3f}, 0f));
            m.setLabel("cores = " + Fmt.num(spec.coreMarker()));
            // mid-height, so it never collides with the crossover labels at the top and bottom
            m.setLabelAnchor(RectangleAnchor.RIGHT);
            m.setLabelTextAnchor(TextAnchor.CENTER_LEFT);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            plot.addDomainMarker(m);
        }
        int k = 0;
        for (Crossing c : spec.crossings()) {
            Color red = new Color(0xb2182b);
            // only a closed interval is shaded; an open one reaches the end of the range and says nothing visually
            if (c.resolved() && c.hi() > c.lo() && c.lo() > (xAxis instanceof LogAxis ? 0 : -Double.MAX_VALUE)) {
                IntervalMarker band = new IntervalMarker(c.lo(), c.hi(), new Color(178, 24, 43, 28));
                plot.addDomainMarker(band, Layer.BACKGROUND);
            }
            ValueMarker m = new ValueMarker(c.x(), red, new BasicStroke(1.5f));
            m.setLabel("✕ " + Fmt.num(c.x()) + " " + c.leaderAfter());
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelPaint(red);
            // a crossing near the right edge gets its label on the left of the line, or the label is cut off
            boolean log = xAxis instanceof LogAxis && xMin > 0 && c.x() > 0;
            double pos = xMax <= xMin ? 0 : log ? Math.log(c.x() / xMin) / Math.log(xMax / xMin) : (c.x() - xMin) / (xMax - xMin);
            boolean leftSide = pos > 0.75;
            m.setLabelAnchor(k % 2 == 0 ? (leftSide ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT)
                    : (leftSide ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT));
            m.setLabelTextAnchor(k % 2 == 0 ? (leftSide ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT)
                    : (leftSide ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT));
            // stagger labels so crossings at nearly the same x stay legible
            double shift = 4 + 16 * (k / 2);
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(shift, 4, shift, 4));
            plot.addDomainMarker(m);
            k++;
        }
        for (int i = 0; i < spec.hLines().size(); i++) {
            ValueMarker m = new ValueMarker(spec.hLines().get(i), Color.GRAY,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            if (i < spec.hLineLabels().size()) {
                m.setLabel(spec.hLineLabels().get(i));
                m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                m.setLabelPaint(Color.DARK_GRAY);
                // alternate sides so two close levels (90%, 95%) keep legible labels
                m.setLabelAnchor(i % 2 == 0 ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.TOP_LEFT);
                m.setLabelTextAnchor(i % 2 == 0 ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
            }
            plot.addRangeMarker(m);
        }
        JFreeChart chart = new JFreeChart(spec.title(), new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** File name of the decision-map chart under {@code charts/}. */
    public static final String DECISION_MAP_FILE = "decision-map.png";

    /** Height of the decision map: two panels side by side need less height than a curve chart. */
    static final int MAP_HEIGHT = 520;

    /** Where a task with no wait is drawn on the logarithmic wait axis, and the half-height of every cell, in decades. */
    private static final double NO_WAIT_Y = 0.1;
    private static final double CELL_HALF_DECADES = 0.3;

    /** One colour per family of choices, the same in every panel. */
    private static final java.util.Map<String, Color> FAMILY_COLOURS = new java.util.LinkedHashMap<>();
    private static final java.util.Map<String, String> FAMILY_NAMES = new java.util.LinkedHashMap<>();

    static {
        family("caller", 0x7f7f7f, "the calling thread");
        family("pool-cores", 0x1f77b4, "platform pool of cores");
        family("pool-formula", 0x17becf, "platform pool, formula size");
        family("pool-2formula", 0x6baed6, "platform pool, 2 × formula");
        family("virtual", 0x2ca02c, "a virtual thread per task");
        family("pool-capped", 0x9edae5, "platform pool, formula size capped");
        family("virtual-capped", 0x98df8a, "virtual threads, capped");
        family("virtual-capped-half", 0xbcbd22, "virtual threads, capped at half");
        family("thread-per-task", 0x9467bd, "a platform thread per task");
        family("process-pipe", 0xd62728, "child JVMs (pipe)");
        family("process-shm", 0xff7f0e, "child JVMs (shared memory)");
    }

    private static void family(String id, int rgb, String name) {
        FAMILY_COLOURS.put(id, new Color(rgb));
        FAMILY_NAMES.put(id, name);
    }

    /**
     * Draws the decision map: left, work per task against wait per task (CPU-bound tasks in the
     * "no wait" row, mixed tasks above it); right, requests in flight for I/O-bound work at its wait.
     * A cell is coloured by the winner when it is ahead, striped in the colours of every tied choice
     * for a tie, and striped with white when the forks could not resolve the best from the runner-up.
     * Dots mark the measured points; a cell reaches half-way to its neighbours.
     */
    public static void decisionMap(DecisionMap map, Path file) throws IOException {
        LogAxis wait = new LogAxis("wait per task");
        wait.setBase(10);
        wait.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        wait.setNumberFormatOverride(new java.text.DecimalFormat("0") {
            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(number < 0.5 ? "none" : Fmt.micros(number));
            }
        });
        wait.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        double yMax = NO_WAIT_Y * 10;
        for (DecisionMap.Axis a : map.axes()) {
            for (Answer p : a.points()) {
                if (Double.isFinite(p.waitMicros()) && p.waitMicros() > 0) {
                    yMax = Math.max(yMax, p.waitMicros());
                }
            }
        }
        wait.setRange(NO_WAIT_Y / 3, yMax * 4);
        org.jfree.chart.plot.CombinedRangeXYPlot plot = new org.jfree.chart.plot.CombinedRangeXYPlot(wait);
        plot.setGap(14);
        java.util.Set<String> used = new java.util.LinkedHashSet<>();
        boolean ties = false;
        boolean unresolved = false;

        // left: CPU-bound (no wait) and mixed tasks, by compute per task
        List<Answer> left = new java.util.ArrayList<>();
        DecisionMap.Axis cpu = map.axis(Answer.Shape.CPU);
        if (cpu != null && cpu.points().stream().allMatch(p -> Double.isFinite(p.computeMicros()) && p.computeMicros() > 0)) {
            left.addAll(cpu.points());
        }
        for (DecisionMap.Axis a : map.axes()) {
            if (a.shape() == Answer.Shape.MIXED) {
                // a mixed task without wait is CPU-bound work: drawn only when the CPU-bound sweep is absent
                a.points().stream().filter(p -> p.computeMicros() > 0 && (p.waitMicros() > 0 || left.isEmpty())).forEach(left::add);
            }
        }
        if (!left.isEmpty()) {
            XYPlot xy = mapPanel("work (compute) per task", left, true);
            for (Answer p : left) {
                ties |= p.outcome() == dev.crossover.stats.Outcome.TIE;
                unresolved |= p.outcome() == dev.crossover.stats.Outcome.UNRESOLVED;
                p.tied().forEach(c -> used.add(c.id()));
                used.add(p.best().id());
            }
            plot.add(xy, 2);
        }
        // right: I/O-bound work, by requests in flight
        List<Answer> io = new java.util.ArrayList<>();
        map.axes().stream().filter(a -> a.shape() == Answer.Shape.IO)
                .forEach(a -> a.points().stream().filter(p -> Double.isFinite(p.waitMicros()) && p.x() > 0).forEach(io::add));
        if (!io.isEmpty()) {
            XYPlot xy = mapPanel("requests in flight (I/O-bound)", io, false);
            for (Answer p : io) {
                ties |= p.outcome() == dev.crossover.stats.Outcome.TIE;
                unresolved |= p.outcome() == dev.crossover.stats.Outcome.UNRESOLVED;
                p.tied().forEach(c -> used.add(c.id()));
                used.add(p.best().id());
            }
            plot.add(xy, 1);
        }
        org.jfree.chart.LegendItemCollection legend = new org.jfree.chart.LegendItemCollection();
        for (String id : used) {
            legend.add(new org.jfree.chart.LegendItem(FAMILY_NAMES.getOrDefault(id, id), null, null, null,
                    new java.awt.Rectangle(-6, -6, 12, 12), FAMILY_COLOURS.getOrDefault(id, Color.LIGHT_GRAY)));
        }
        if (ties) {
            legend.add(new org.jfree.chart.LegendItem("striped: a tie (within ±" + Fmt.num(map.threshold() * 100) + "%)", null, null, null,
                    new java.awt.Rectangle(-6, -6, 12, 12), stripes(List.of(Color.DARK_GRAY, Color.LIGHT_GRAY))));
        }
        if (unresolved) {
            legend.add(new org.jfree.chart.LegendItem("striped with white: not resolved", null, null, null,
                    new java.awt.Rectangle(-6, -6, 12, 12), stripes(List.of(Color.DARK_GRAY, Color.WHITE))));
        }
        plot.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart("What to use: the best choice by work, wait and concurrency (" + (map.cores() == null ? "?" : map.cores())
                + " cores)", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, MAP_HEIGHT);
    }

    /** One panel of the map: a cell per point, reaching half-way (in log x) to the neighbours of its row. */
    private static XYPlot mapPanel(String xLabel, List<Answer> points, boolean byCompute) {
        org.jfree.data.xy.XYSeries dots = new org.jfree.data.xy.XYSeries("measured");
        java.util.Map<Double, List<Answer>> rows = new java.util.TreeMap<>();
        double xMin = Double.MAX_VALUE;
        double xMax = 0;
        for (Answer p : points) {
            double x = byCompute ? p.computeMicros() : p.x();
            double y = p.waitMicros() > 0 ? p.waitMicros() : NO_WAIT_Y;
            // mixed tasks each have their own wait: they share one row of cells, placed at their own heights
            double row = p.waitMicros() > 0 && p.shape() == Answer.Shape.MIXED ? -1 : y;
            rows.computeIfAbsent(row, k -> new java.util.ArrayList<>()).add(p);
            dots.add(x, y);
            xMin = Math.min(xMin, x);
            xMax = Math.max(xMax, x);
        }
        LogAxis xAxis = new LogAxis(xLabel);
        xAxis.setBase(10);
        xAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        xAxis.setNumberFormatOverride(new java.text.DecimalFormat("0") {
            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(byCompute ? Fmt.micros(number) : Fmt.num(number));
            }
        });
        xAxis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        xAxis.setRange(xMin / 4, xMax * 4);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, Color.BLACK);
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesVisibleInLegend(0, false);
        XYPlot xy = new XYPlot(new org.jfree.data.xy.XYSeriesCollection(dots), xAxis, null, r);
        xy.setBackgroundPaint(new Color(0xfafafa));
        xy.setDomainGridlinePaint(new Color(0xdddddd));
        xy.setRangeGridlinePaint(new Color(0xdddddd));
        for (List<Answer> row : rows.values()) {
            row.sort(java.util.Comparator.comparingDouble(p -> byCompute ? p.computeMicros() : p.x()));
            for (int i = 0; i < row.size(); i++) {
                Answer p = row.get(i);
                double x = Math.log10(byCompute ? p.computeMicros() : p.x());
                double prev = i > 0 ? Math.log10(byCompute ? row.get(i - 1).computeMicros() : row.get(i - 1).x()) : Double.NaN;
                double next = i + 1 < row.size() ? Math.log10(byCompute ? row.get(i + 1).computeMicros() : row.get(i + 1).x()) : Double.NaN;
                double halfLeft = Double.isNaN(prev) ? (Double.isNaN(next) ? 0.5 : (next - x) / 2) : (x - prev) / 2;
                double halfRight = Double.isNaN(next) ? halfLeft : (next - x) / 2;
                double y = Math.log10(p.waitMicros() > 0 ? p.waitMicros() : NO_WAIT_Y);
                // behind the dots, so every measured point stays visible on its cell
                r.addAnnotation(new org.jfree.chart.annotations.XYBoxAnnotation(Math.pow(10, x - halfLeft), Math.pow(10, y - CELL_HALF_DECADES),
                        Math.pow(10, x + halfRight), Math.pow(10, y + CELL_HALF_DECADES), new BasicStroke(1f), Color.WHITE, cellPaint(p)),
                        Layer.BACKGROUND);
            }
        }
        return xy;
    }

    private static java.awt.Paint cellPaint(Answer p) {
        Color best = FAMILY_COLOURS.getOrDefault(p.best().id(), Color.LIGHT_GRAY);
        return switch (p.outcome()) {
            case AHEAD -> best;
            case TIE -> stripes(p.tied().stream().map(c -> FAMILY_COLOURS.getOrDefault(c.id(), Color.LIGHT_GRAY)).toList());
            default -> stripes(List.of(best, Color.WHITE));
        };
    }

    /** Diagonal stripes, 5 px each, cycling through {@code colours}: tiles seamlessly. */
    static java.awt.TexturePaint stripes(List<Color> colours) {
        int band = 5;
        int period = band * colours.size();
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(period, period, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < period; x++) {
            for (int y = 0; y < period; y++) {
                img.setRGB(x, y, colours.get(((x + y) % period) / band).getRGB());
            }
        }
        return new java.awt.TexturePaint(img, new java.awt.Rectangle(0, 0, period, period));
    }

    /** Draws the evidence of a claim as bars with error bars (same unit only). */
    public static void bars(String title, List<Evidence> evidence, Path file) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        String unit = evidence.getFirst().unit();
        double min = Double.MAX_VALUE;
        double max = 0;
        List<String> labels = barLabels(evidence.stream().map(e -> shortKey(e.key())).toList());
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            // no error bar at all when JMH gave none: a zero-length bar would read as a precise score
            data.add(Double.valueOf(e.score()), e.errorKnown() ? Double.valueOf(e.error()) : null, "score", labels.get(i));
            min = Math.min(min, e.score());
            max = Math.max(max, e.score());
        }
        CategoryAxis x = new CategoryAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        ValueAxis y = axis(unit, min, max);
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setSeriesPaint(0, PALETTE[0]);
        r.setErrorIndicatorPaint(Color.BLACK);
        r.setDrawBarOutline(false);
        r.setShadowVisible(false);
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /**
     * Bar labels that tell the bars apart: the method (when it varies) and only the params whose
     * values differ between bars ("executor=VIRTUAL", not "concurrency=1000,delayMs=100,…" on every bar).
     */
    static List<String> barLabels(List<String> shortKeys) {
        List<String> methods = new java.util.ArrayList<>();
        List<java.util.Map<String, String>> params = new java.util.ArrayList<>();
        for (String k : shortKeys) {
            int sp = k.indexOf(' ');
            methods.add(sp < 0 ? k : k.substring(0, sp));
            java.util.Map<String, String> ps = new java.util.LinkedHashMap<>();
            if (sp >= 0) {
                for (String kv : k.substring(sp + 1).split(",")) {
                    int eq = kv.indexOf('=');
                    ps.put(eq < 0 ? kv.trim() : kv.substring(0, eq).trim(), eq < 0 ? "" : kv.substring(eq + 1).trim());
                }
            }
            params.add(ps);
        }
        boolean methodVaries = new java.util.HashSet<>(methods).size() > 1;
        java.util.Set<String> varying = new java.util.LinkedHashSet<>();
        params.forEach(ps -> ps.keySet().forEach(name -> {
            if (params.stream().map(q -> q.get(name)).distinct().count() > 1) {
                varying.add(name);
            }
        }));
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < shortKeys.size(); i++) {
            List<String> parts = new java.util.ArrayList<>();
            if (methodVaries || varying.isEmpty()) {
                parts.add(methods.get(i));
            }
            for (String name : varying) {
                String v = params.get(i).get(name);
                if (v != null) {
                    parts.add(name + "=" + v);
                }
            }
            out.add(String.join(" ", parts));
        }
        // two bars may still read alike (a counter of the same result): keep the full key then
        return new java.util.HashSet<>(out).size() == out.size() ? out : shortKeys;
    }

    /** "RoundTripBench.pipeFramed [avgt] {payload=8}" → "pipeFramed payload=8". */
    static String shortKey(String key) {
        String s = key.replaceAll(" \\[[a-z]+\\]", "").replace("{", "").replace("}", "");
        int dot = s.indexOf(' ') < 0 ? s.lastIndexOf('.') : s.lastIndexOf('.', s.indexOf(' '));
        return dot >= 0 ? s.substring(dot + 1) : s;
    }

    /** A log axis when the values span a decade or more (and are positive), a linear one otherwise. */
    static ValueAxis axis(String label, double min, double max) {
        if (min > 0 && max / min >= 10) {
            LogAxis a = new LogAxis(label);
            a.setBase(10);
            a.setSmallestValue(min / 10);
            // one tick per decade: intermediate log ticks (1.58, 2.51, …) only clutter the axis
            a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
            a.setMinorTickMarksVisible(true);
            a.setNumberFormatOverride(new java.text.DecimalFormat("0.###E0") {
                @Override
                public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                    return toAppendTo.append(Fmt.num(number));
                }
            });
            a.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(min >= 0);
        a.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return a;
    }
}
