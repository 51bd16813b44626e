package dev.crossover.report;

import dev.crossover.analysis.ChartSpec;
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
