package dev.crossover.report;

import dev.crossover.compare.History;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One PNG per benchmark key across a stored history: score per run (oldest left), with JMH's error
 * as a bar, so a slow drift that no single comparison flags becomes visible.
 */
public final class TrendChart {

    private TrendChart() {
    }

    /** The chart of one benchmark key; runs without the key leave a gap in the run numbering. */
    public static JFreeChart chart(String key, List<History.Entry> entries) {
        YIntervalSeries s = new YIntervalSeries(key);
        String unit = "";
        for (int i = 0; i < entries.size(); i++) {
            History.Point p = entries.get(i).results().get(key);
            if (p == null || !Double.isFinite(p.score())) {
                continue;
            }
            double err = Double.isFinite(p.error()) ? p.error() : 0;
            s.add(i + 1, p.score(), p.score() - err, p.score() + err);
            unit = p.unit();
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(s);
        NumberAxis x = new NumberAxis("run (oldest → newest)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(unit);
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        r.setErrorStroke(new BasicStroke(1f));
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(shortKey(key), new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        if (!entries.isEmpty()) {
            chart.addSubtitle(new TextTitle(entries.size() + " runs, " + entries.getFirst().time() + " … "
                    + entries.getLast().time() + "; bars: JMH score error"));
        }
        return chart;
    }

    /** Draws a chart for every key in the history into {@code dir}; returns the files written. */
    public static List<Path> drawAll(List<History.Entry> entries, Path dir) throws IOException {
        return drawAll(entries, keys(entries), dir);
    }

    /** Every benchmark key of the history, in the order the runs first name them. */
    public static List<String> keys(List<History.Entry> entries) {
        Set<String> keys = new LinkedHashSet<>();
        entries.forEach(e -> keys.addAll(e.results().keySet()));
        return List.copyOf(keys);
    }

    /** Draws a chart for each of {@code keys} into {@code dir}; returns the files written. */
    public static List<Path> drawAll(List<History.Entry> entries, List<String> keys, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (String k : keys) {
            Path f = dir.resolve(fileName(k));
            ChartUtils.saveChartAsPNG(f.toFile(), chart(k, entries), 800, 400);
            out.add(f);
        }
        return out;
    }

    /**
     * The Markdown index of trend charts: how many runs, from which file, then each chart as an image
     * linked through {@code prefix} (the charts' directory relative to the index).
     */
    public static String index(List<History.Entry> entries, Path historyFile, List<Path> charts, String prefix) {
        StringBuilder md = new StringBuilder("# Trends on this machine\n\n")
                .append(entries.size()).append(" runs from ").append(historyFile).append(", oldest first; bars: JMH score error.\n\n");
        for (Path c : charts) {
            md.append("![").append(c.getFileName()).append("](").append(prefix).append(c.getFileName()).append(")\n\n");
        }
        return md.toString();
    }

    /** A file name for a key: readable part plus a hash, since params make keys long and alike. */
    public static String fileName(String key) {
        String readable = shortKey(key).replaceAll("[^A-Za-z0-9._=-]+", "_");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        return "trend-" + readable + "-" + Integer.toHexString(key.hashCode()) + ".png";
    }

    private static String shortKey(String key) {
        int bracket = key.indexOf(" [");
        String bench = bracket < 0 ? key : key.substring(0, bracket);
        int m = bench.lastIndexOf('.');
        int c = m > 0 ? bench.lastIndexOf('.', m - 1) : -1;
        return bench.substring(c + 1) + (bracket < 0 ? "" : key.substring(bracket));
    }
}
