package dev.crossover.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crossover.fleet.Fleet;
import dev.crossover.fleet.FleetFindings;
import dev.crossover.fleet.FleetRun;
import dev.crossover.results.RunMetadata;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a fleet's report: {@code fleet.md}, {@code fleet.html} (the same, self-contained), {@code charts/}
 * (each crossover against the core budget, each run's decision map) and {@code fleet.json}.
 */
public final class FleetReport {

    /** The format {@code fleet.json} is written in. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The files written. */
    public record Written(Path markdown, Path html, Path json, List<Path> charts) {
    }

    private FleetReport() {
    }

    /** Writes every file of the fleet report into {@code outDir} (created if needed). */
    public static Written write(Fleet fleet, FleetFindings f, Path outDir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path charts = outDir.resolve("charts");
        Files.createDirectories(charts);
        List<Path> drawn = new ArrayList<>();
        ReportDoc doc = build(fleet, f, charts, drawn);
        Path md = outDir.resolve("fleet.md");
        Files.writeString(md, MarkdownRenderer.render(doc), StandardCharsets.UTF_8);
        Path html = outDir.resolve("fleet.html");
        Files.writeString(html, HtmlRenderer.render(doc, "Crossover fleet report", charts), StandardCharsets.UTF_8);
        Path json = outDir.resolve("fleet.json");
        JSON.writeValue(json.toFile(), FleetJson.of(fleet, f));
        return new Written(md, html, json, drawn);
    }

    static ReportDoc build(Fleet fleet, FleetFindings f, Path charts, List<Path> drawn) throws IOException {
        ReportDoc d = new ReportDoc();
        List<FleetRun> runs = fleet.runs();
        d.h(1, "Crossover fleet report", "fleet");
        boolean oneBudget = runs.stream().map(FleetRun::cores).distinct().count() == 1;
        d.p(runs.size() + " comparable runs (preset " + fleet.preset() + ", JDK " + fleet.jdk() + ")" + (oneBudget ? "" : ", fewest cores first")
                + (fleet.apart().isEmpty() ? "" : "; " + fleet.apart().size() + " run(s) set apart as not comparable (last section)")
                + ". Every figure is the run's own analysis, as its `crossover report` states it; an interval is the run's 95% "
                + "interval on fork means, and " + (oneBudget ? "a crossover is said to differ only where two runs' intervals do not overlap."
                : "a crossover is said to move only where the intervals of the fewest and the most cores do not overlap."));

        d.h(2, "Machines", "machines");
        d.table(List.of("run", "host", "CPU model", "cores (source)", "bound to CPUs", "JDK", "commit", "load avg start → end", "noise",
                        "complete"), runs.stream().map(FleetReport::machineRow).toList());

        d.h(2, "Crossovers against the core budget", "crossovers");
        List<FleetFindings.Series> moved = f.crossovers().stream()
                .filter(s -> s.movement() == FleetFindings.Movement.MOVED || s.movement() == FleetFindings.Movement.CHANGED
                        || s.movement() == FleetFindings.Movement.DIFFERS).toList();
        if (oneBudget) {
            d.p("Every run has the same core budget, so this compares repeats: a crossover located on every run should "
                    + "have intervals that overlap on every two runs; where they do not, the runs disagree by more than "
                    + "their intervals allowed for.");
            d.p(moved.isEmpty() ? "Every crossover located on every run repeats within its intervals."
                    : "Differs between runs of one budget: " + String.join("; ", moved.stream()
                    .map(s -> "**" + s.id() + "** " + s.subject() + ": " + s.verdict()).toList()) + ".");
        } else {
            d.p(moved.isEmpty() ? "No crossover moved beyond its intervals between the fewest and the most cores."
                    : "Moved or changed with the core count: " + String.join("; ", moved.stream()
                    .map(s -> "**" + s.id() + "** " + s.subject() + ": " + s.verdict()).toList()) + ".");
        }
        Map<String, List<FleetFindings.Series>> byId = new LinkedHashMap<>();
        f.crossovers().forEach(s -> byId.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s));
        for (var e : byId.entrySet()) {
            String id = e.getKey();
            List<FleetFindings.Series> series = e.getValue();
            d.h(3, id + " — " + series.getFirst().title(), id.toLowerCase() + "-fleet");
            String file = id.toLowerCase() + "-vs-cores.png";
            if (drawCrossover(id, series, charts.resolve(file))) {
                drawn.add(charts.resolve(file));
                d.image(file, id + " against the core budget");
                d.p("Dots: each run's estimate; bars: its interval. An open end (no point measured clearly on that side) is "
                        + "drawn to the last point measured and marked open in the table.");
            }
            List<String> header = new ArrayList<>(List.of("subject"));
            runs.forEach(r -> header.add(r.label()));
            header.add(oneBudget ? "across the runs" : "with the core count");
            List<List<String>> rows = new ArrayList<>();
            for (FleetFindings.Series s : series) {
                List<String> row = new ArrayList<>(List.of(s.subject()));
                for (FleetRun r : runs) {
                    row.add(s.points().stream().filter(p -> p.run().equals(r.label())).findFirst()
                            .map(FleetFindings.Point::shortText).orElse("not measured"));
                }
                row.add(movementWord(s.movement()) + (s.ratio() == null ? "" : ", ×" + dev.crossover.analysis.Fmt.num(s.ratio())
                        + " from the fewest cores to the most"));
                rows.add(row);
            }
            d.table(header, rows);
        }

        d.h(2, "Decision maps side by side", "maps");
        d.p("The choice that wins at each point on each run (bold: ahead by more than the tie threshold on a 95% interval).");
        for (FleetFindings.MapAxis axis : f.maps()) {
            d.h(3, axis.title(), null);
            if (axis.aligned()) {
                List<String> header = new ArrayList<>(List.of(axis.xName()));
                header.addAll(axis.runs());
                d.table(header, axis.rows());
            } else {
                d.p("The runs measured different points here; each run's ranges:");
                d.table(List.of("run", "ranges"), axis.rows());
            }
        }
        for (FleetRun r : runs) {
            if (r.map().isEmpty()) {
                continue;
            }
            String file = "map-" + slug(r.label()) + ".png";
            Charts.decisionMap(r.map(), charts.resolve(file));
            drawn.add(charts.resolve(file));
            d.image(file, "decision map: " + r.label());
        }

        d.h(2, oneBudget ? "Claims whose verdict differs between the runs" : "Claims whose verdict changes with the machine", "claims");
        List<FleetFindings.ClaimAcross> changing = f.claims().stream().filter(FleetFindings.ClaimAcross::changes).toList();
        if (changing.isEmpty()) {
            d.p("None: every claim gets the same verdict on every run.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (FleetFindings.ClaimAcross c : changing) {
                List<String> sides = new ArrayList<>();
                c.sides().forEach((label, rs) -> sides.add("**" + label + "**: " + String.join(", ", rs)));
                rows.add(List.of(c.id(), c.claim() == null ? "" : c.claim(), String.join("; ", sides)));
            }
            d.table(List.of("claim", "statement", oneBudget ? "verdict: runs" : "verdict: machines"), rows);
        }
        List<String> same = f.claims().stream().filter(c -> !c.changes())
                .map(c -> c.id() + " " + c.byRun().values().stream().findFirst().orElse("")).toList();
        if (!same.isEmpty()) {
            d.p("The same on every run: " + String.join(", ", same) + ".");
        }

        d.h(2, "Not comparable", "apart");
        if (fleet.apart().isEmpty()) {
            d.p(fleet.repeats() ? "Every run given is kept: they are repeats of one host, JDK and core budget (`--repeats`), "
                    + "each label naming its preset." : "Every run given shares the fleet's preset and JDK.");
        } else {
            d.p("Set apart, never mixed into the figures above: a different JDK or preset changes the numbers for reasons "
                    + "other than the machine.");
            d.table(List.of("run", "reason", "host", "cores", "preset", "JDK"), fleet.apart().stream().map(a -> List.of(
                    a.run().label() + " (" + a.run().runName() + ")", a.reason(), a.run().host(), String.valueOf(a.run().cores()),
                    String.valueOf(a.run().metadata().preset()), String.valueOf(a.run().metadata().jdkVersion()))).toList());
        }
        return d;
    }

    private static List<String> machineRow(FleetRun r) {
        RunMetadata m = r.metadata();
        String cores = r.cores() + (m.coresSource() == null ? "" : " (" + m.coresSource() + ")")
                + (r.onlineCpus() == null ? "" : " of " + r.onlineCpus() + " online");
        String bound = r.affinity() == null ? "unknown" : r.affinity() + (r.requestedCpus() == null ? "" : " (--cpus " + r.requestedCpus() + ")");
        String load = (m.loadAvgStart() == null ? "?" : m.loadAvgStart()) + " → " + (m.loadAvgEnd() == null ? "?" : m.loadAvgEnd());
        return List.of(r.label() + " (" + r.runName() + ")", r.host(), String.valueOf(m.cpuModel()), cores, bound,
                String.valueOf(m.jdkVersion()), m.commit() == null ? "unknown" : m.commit().substring(0, Math.min(10, m.commit().length())),
                load, m.noiseWarning() == null ? "none seen" : m.noiseWarning(), completeness(r));
    }

    private static String completeness(FleetRun r) {
        try {
            dev.crossover.results.RunCompleteness c = dev.crossover.results.RunCompleteness.of(r.data());
            return c.complete() ? "yes" : "**no**: " + c.problem();
        } catch (dev.crossover.results.BadInputException e) {
            return "unknown: " + e.getMessage();
        }
    }

    private static String movementWord(FleetFindings.Movement m) {
        return switch (m) {
            case MOVED -> "**moved**: the intervals do not overlap";
            case WITHIN_INTERVALS -> "no move shown: the intervals overlap";
            case CHANGED -> "**changed**";
            case UNCHANGED -> "unchanged";
            case UNKNOWN -> "cannot tell: unresolved on a run, or measured on one run only";
            case REPEATS -> "repeats: the intervals overlap";
            case DIFFERS -> "**differs**: two intervals do not overlap";
        };
    }

    /** One chart: each subject's estimate and interval against the core budget; false when nothing has a position. */
    static boolean drawCrossover(String id, List<FleetFindings.Series> series, Path file) throws IOException {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        int minCores = Integer.MAX_VALUE;
        int maxCores = 0;
        int k = 0;
        for (FleetFindings.Series s : series) {
            XYIntervalSeries xs = new XYIntervalSeries(s.subject());
            // subjects side by side around each core count, so their bars do not hide one another
            double shift = series.size() == 1 ? 0 : 0.25 * ((double) k / (series.size() - 1) - 0.5);
            for (FleetFindings.Point p : s.points()) {
                if (p.value() == null || p.value() <= 0) {
                    continue;
                }
                double lo = p.lo() != null && p.lo() > 0 ? Math.min(p.lo(), p.value()) : p.value();
                double hi = p.hi() != null ? Math.max(p.hi(), p.value()) : p.value();
                xs.add(p.cores() + shift, p.cores() + shift, p.cores() + shift, p.value(), lo, hi);
                yMin = Math.min(yMin, lo);
                yMax = Math.max(yMax, hi);
                minCores = Math.min(minCores, p.cores());
                maxCores = Math.max(maxCores, p.cores());
            }
            if (xs.getItemCount() > 0) {
                data.addSeries(xs);
            }
            k++;
        }
        if (data.getSeriesCount() == 0) {
            return false;
        }
        NumberAxis x = new NumberAxis("CPU budget (cores)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(minCores - 0.5, maxCores + 0.5);
        ValueAxis y = Charts.axis(series.getFirst().axis() != null ? id + ": " + series.getFirst().axis()
                : id + " crossover", yMin, yMax);
        if (y instanceof NumberAxis ny) {
            ny.setAutoRangeIncludesZero(false);
        }
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setErrorStroke(new BasicStroke(1.5f));
        r.setCapLength(8);
        Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
                new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, palette[i % palette.length]);
            r.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(id + " against the CPU budget", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 480);
        return true;
    }

    static String slug(String label) {
        String s = label.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "run" : s;
    }

    /** {@code fleet.json}: the same findings for machines. */
    public record FleetJson(int formatVersion, String preset, String jdk, List<RunJson> runs, List<ApartJson> apart,
                            List<FleetFindings.Series> crossovers, List<FleetFindings.MapAxis> decisionMaps,
                            List<FleetFindings.ClaimAcross> claims) {

        static FleetJson of(Fleet fleet, FleetFindings f) {
            return new FleetJson(FORMAT_VERSION, fleet.preset(), fleet.jdk(), fleet.runs().stream().map(RunJson::of).toList(),
                    fleet.apart().stream().map(a -> new ApartJson(RunJson.of(a.run()), a.reason())).toList(),
                    f.crossovers(), f.maps(), f.claims());
        }
    }

    /** A run in {@code fleet.json}: its label, where it came from and its machine. */
    public record RunJson(String label, String run, String host, String cpuModel, int cores, String coresSource,
                          Integer requestedCpus, String affinity, Integer onlineCpus, String jdk, String preset, String commit,
                          String startTime, String loadAvgStart, String loadAvgEnd) {

        static RunJson of(FleetRun r) {
            RunMetadata m = r.metadata();
            return new RunJson(r.label(), r.runName(), r.host(), m.cpuModel(), r.cores(), m.coresSource(), r.requestedCpus(),
                    r.affinity(), r.onlineCpus(), m.jdkVersion(), m.preset(), m.commit(), m.startTime(), m.loadAvgStart(),
                    m.loadAvgEnd());
        }
    }

    /** A run set apart, with why. */
    public record ApartJson(RunJson run, String reason) {
    }
}
