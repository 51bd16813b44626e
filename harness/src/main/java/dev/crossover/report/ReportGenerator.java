package dev.crossover.report;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Answer;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Verdict;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a run's report: {@code report.md} (answers first, then crossovers, claims, every number),
 * {@code report.html} (the same, self-contained), {@code charts/*.png} and {@code summary.json}.
 */
public final class ReportGenerator {

    /** The files a report consists of. */
    public record Written(Path markdown, Path html, Path summary, List<Path> charts) {
    }

    private ReportGenerator() {
    }

    /** Writes every report file of {@code a} into {@code outDir} (created if needed). */
    public static Written write(Analysis a, Path outDir) throws IOException {
        return write(a, outDir, null);
    }

    /** As {@link #write(Analysis, Path)}, with the claims limited to {@code onlyIds} (null: all). */
    public static Written write(Analysis a, Path outDir, Set<String> onlyIds) throws IOException {
        return write(a, DecisionMap.of(a), outDir, onlyIds);
    }

    /** As {@link #write(Analysis, Path, Set)}, with the decision map judged at the caller's tie threshold. */
    public static Written write(Analysis a, DecisionMap map, Path outDir, Set<String> onlyIds) throws IOException {
        Path charts = outDir.resolve("charts");
        Files.createDirectories(charts);
        List<Path> drawn = new ArrayList<>();
        ReportDoc doc = build(a, map, charts, drawn, onlyIds);
        Path md = outDir.resolve("report.md");
        Files.writeString(md, MarkdownRenderer.render(doc), StandardCharsets.UTF_8);
        Path html = outDir.resolve("report.html");
        Files.writeString(html, HtmlRenderer.render(doc, "Crossover report", charts), StandardCharsets.UTF_8);
        Path summary = outDir.resolve("summary.json");
        SummaryJson.write(a, map, warnings(a), summary);
        return new Written(md, html, summary, drawn);
    }

    /**
     * Every warning the report's head carries, in its order: failed groups, the noise warning, input
     * warnings, classes that feed no claim. {@code summary.json} lists the same.
     */
    static List<String> warnings(Analysis a) {
        RunMetadata m = a.metadata();
        List<String> out = new ArrayList<>();
        String incomplete = incompleteness(a);
        if (incomplete != null) {
            out.add("incomplete run: " + incomplete);
        }
        m.failures().forEach(f -> out.add("benchmark group failed (its results are missing): " + f));
        if (m.noiseWarning() != null) {
            out.add("noise: " + m.noiseWarning());
        }
        out.addAll(inputWarnings(a));
        return out;
    }

    /**
     * What is missing from an interrupted or partial run (from its {@code plan.json} and
     * {@code metadata.json}), or null when the run is complete or the input is loose files.
     */
    static String incompleteness(Analysis a) {
        try {
            dev.crossover.results.RunCompleteness c = dev.crossover.results.RunCompleteness.of(a.data());
            return c.complete() ? null : c.problem();
        } catch (dev.crossover.results.BadInputException e) {
            return "cannot tell whether the run finished: " + e.getMessage();
        }
    }

    private static List<String> inputWarnings(Analysis a) {
        List<String> warnings = new ArrayList<>(a.data().warnings());
        if (!a.serves().unknown().isEmpty()) {
            warnings.add("classes with no @Serves on the class path and no entry in serves.json (their results feed no claim): "
                    + String.join(", ", a.serves().unknown()));
        }
        return warnings;
    }

    /**
     * What {@code crossover run} did about adaptive refinement ({@code refinements.json}), one line per
     * proposal by crossover ID; empty for loose files, older runs or an unreadable file (the report
     * then just lacks the lines: the results themselves are read from the JMH files).
     */
    static java.util.Map<String, List<String>> refinements(Path runDir) {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        Path file = runDir == null ? null : runDir.resolve("refinements.json");
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            for (com.fasterxml.jackson.databind.JsonNode e : root.path("entries")) {
                List<String> values = new ArrayList<>();
                e.path("values").forEach(v -> values.add(v.asText()));
                String line = e.path("status").asText() + ": " + e.path("what").asText() + ", " + e.path("param").asText() + " = "
                        + String.join(", ", values) + " — " + e.path("why").asText()
                        + (e.hasNonNull("file") ? " (" + e.path("file").asText() + ")" : "")
                        + (e.hasNonNull("command") ? "; to run it: `" + e.path("command").asText() + "`" : "");
                out.computeIfAbsent(e.path("crossover").asText(), k -> new ArrayList<>()).add(line);
            }
        } catch (IOException e) {
            // a damaged refinements.json costs the report these lines only
            out.clear();
        }
        return out;
    }

    static ReportDoc build(Analysis a, DecisionMap map, Path charts, List<Path> drawn, Set<String> onlyIds) throws IOException {
        RunMetadata m = a.metadata();
        ReportDoc d = new ReportDoc();
        d.h(1, "Crossover report", null);
        String incomplete = incompleteness(a);
        if (incomplete != null) {
            d.p("**Incomplete run.** " + incomplete);
        }
        d.p("**Machine:** " + m.machine() + (m.cores() == null ? " (no metadata.json: the machine is unknown)" : "") + ".");
        String carriers = m.field("virtualThreadScheduler.parallelism");
        if (carriers != null) {
            d.p("**Virtual threads:** the forks' scheduler runs them on " + carriers + " carrier thread(s) ("
                    + m.field("virtualThreadScheduler.source") + "), at most " + m.field("virtualThreadScheduler.maxPoolSize")
                    + " while carriers are blocked.");
        }
        List<String> run = new ArrayList<>();
        if (m.preset() != null) {
            run.add("preset `" + m.preset() + "`");
        }
        if (m.startTime() != null) {
            run.add("started " + m.startTime() + (m.endTime() == null ? "" : ", ended " + m.endTime()));
        }
        if (m.commit() != null) {
            run.add("commit `" + m.commit() + "`");
        }
        run.add(a.data().results().size() + " results from " + a.data().files().size() + " JMH file(s)");
        d.p("**Run:** " + String.join("; ", run) + ".");
        if (!m.failures().isEmpty()) {
            d.p("**Benchmark groups that failed** (their results are missing below):").bullets(m.failures());
        }
        if (m.noiseWarning() != null) {
            d.p("**Noise warning:** " + m.noiseWarning());
        } else if (m.loadAvgStart() != null) {
            d.p("**Noise:** load average " + m.loadAvgStart() + " at start, " + m.loadAvgEnd() + " at end; CPU steal " + m.stealPercent() + "%.");
        }
        List<String> warnings = inputWarnings(a);
        if (!warnings.isEmpty()) {
            d.p("**Warnings:**").bullets(warnings);
        }
        decisionMap(d, map, charts, drawn);

        java.util.Map<String, List<String>> refinements = refinements(a.data().runDir());
        d.h(2, "Crossovers", "crossovers");
        List<List<String>> xrows = new ArrayList<>();
        for (CrossoverFinding f : a.crossovers().values()) {
            xrows.add(List.of("[" + f.id() + "](#" + f.id().toLowerCase(Locale.ROOT) + ")", f.title(), f.summary()));
        }
        d.table(List.of("ID", "crossover", "found"), xrows);
        for (CrossoverFinding f : a.crossovers().values()) {
            d.h(3, f.id() + " — " + f.title(), f.id().toLowerCase(Locale.ROOT));
            d.p("**" + f.summary() + "**");
            d.bullets(f.details());
            if (f.chart() != null) {
                Path png = charts.resolve(f.chart().file());
                Charts.draw(f.chart(), png);
                drawn.add(png);
                d.image(f.chart().file(), f.id() + ": " + f.chart().title());
            }
            List<String> done = refinements.getOrDefault(f.id(), List.of());
            if (!done.isEmpty()) {
                d.p("Adaptive refinement in this run (refinements.json; the points above include the extra ones that ran):").bullets(done);
            }
            if (!f.refine().isEmpty()) {
                d.p((done.isEmpty() ? "Extra points" : "Further points") + " that would narrow it (adaptive refinement):")
                        .bullets(f.refine().stream().map(dev.crossover.analysis.Refinement.Proposal::describe).toList());
            }
        }

        d.h(2, "Claims of the study notes", "claims");
        d.p("`holds`, `fails` and `depends` are measured properties of this machine, decided on 95% intervals over fork means "
                + "(a tie lies within the practical threshold); `demonstrated`: the suite shows the mechanism working, its outcome fixed "
                + "by construction; `not applicable`: the premise is absent on the JVM, and the verdict says what holds instead; "
                + "`inconclusive`: the verdict names the run that would settle it.");
        List<List<String>> crow = new ArrayList<>();
        for (Verdict v : a.verdicts().values()) {
            if (onlyIds == null || onlyIds.contains(v.id())) {
                crow.add(List.of("[" + v.id() + "](#" + v.id().toLowerCase(Locale.ROOT) + ")", v.claim(),
                        "**" + v.label() + "**" + (v.gist() == null ? "" : ": " + v.gist())));
            }
        }
        d.table(List.of("ID", "the notes say", "verdict on this machine"), crow);
        for (Verdict v : a.verdicts().values()) {
            if (onlyIds != null && !onlyIds.contains(v.id())) {
                continue;
            }
            d.h(3, v.id() + " — " + v.claim(), v.id().toLowerCase(Locale.ROOT));
            d.p("**Verdict: " + v.label() + ".**");
            d.text(v.reason());
            if (v.jvmNote() != null) {
                d.p("**On the JVM:** " + v.jvmNote());
            }
            if (v.settleBy() != null) {
                d.p("**What would settle it:** " + v.settleBy());
            }
            List<Evidence> same = sameUnit(v.evidence());
            if (!NO_BAR_CHART.contains(v.id()) && same.size() >= 2 && same.size() <= 16) {
                String file = "claim-" + v.id().toLowerCase(Locale.ROOT) + ".png";
                Path png = charts.resolve(file);
                Charts.bars(v.id() + " — evidence (" + same.getFirst().unit() + ")", same, png);
                drawn.add(png);
                d.image(file, v.id() + " evidence");
            }
            if (!v.evidence().isEmpty()) {
                List<List<String>> er = new ArrayList<>();
                for (Evidence e : v.evidence()) {
                    er.add(List.of("`" + e.key() + "`", Fmt.num(e.score()), e.errorKnown() ? Fmt.num(e.error()) : "NaN", e.unit()));
                }
                d.table(List.of("result", "score", "error (99.9%)", "unit"), er);
            }
            d.p("Served by: " + (v.servedBy().isEmpty() ? "no class in this run" : String.join(", ", v.servedBy())) + ".");
        }

        CPythonSection.append(a, d, charts, drawn);

        d.h(2, "Every number", "numbers");
        d.p("Each result as JMH wrote it: score ± error (JMH's 99.9% interval; NaN with fewer than three iterations), forks, and secondary metrics. "
                + "Secondary counters (@AuxCounters EVENTS, JMH unit #) are shown as their mean per iteration, since JMH's own score for them is the sum over iterations.");
        List<List<String>> nrows = new ArrayList<>();
        for (BenchmarkResult r : a.data().results()) {
            Metric p = r.primary();
            StringBuilder sec = new StringBuilder();
            if (r.mode().equals("sample")) {
                // tail latency is why sample mode is run: show it beside the mean
                for (String q : List.of("50.0", "99.0", "99.9")) {
                    Double v = p.percentiles().get(q);
                    if (v != null) {
                        sec.append(sec.isEmpty() ? "" : "; ").append("p").append(q.replace(".0", "")).append(" ").append(Fmt.num(v)).append(' ').append(p.unit());
                    }
                }
            }
            // event counters (unit #) are summed over iterations by JMH: show the mean per iteration
            r.secondary().forEach((k, v) -> sec.append(sec.isEmpty() ? "" : "; ").append(k).append(" ")
                    .append(v.isEventCounter() ? Fmt.score(v.value(), v.valueError(), "per iteration") : Fmt.score(v.score(), v.scoreError(), v.unit())));
            nrows.add(List.of(r.shortName(), r.mode(), r.paramString(), Fmt.num(p.score()),
                    p.errorUnknown() ? "NaN" : Fmt.num(p.scoreError()), p.unit(), String.valueOf(p.forkCount()), sec.toString()));
        }
        d.table(List.of("benchmark", "mode", "params", "score", "error", "unit", "forks", "secondary"), nrows);
        return d;
    }

    /** The decision map: one row per region of each load shape, its chart, and how to ask about another task. */
    static void decisionMap(ReportDoc d, DecisionMap map, Path charts, List<Path> drawn) throws IOException {
        d.h(2, "What to use: the decision map", "decision-map");
        if (map.isEmpty()) {
            d.p("This run measured no load shape (CpuBoundBench, IoBoundBench, MixedBench); the crossovers and claims below are all it offers.");
            return;
        }
        String pct = Fmt.num(map.threshold() * 100) + "%";
        d.p("Each row: the range of measured points where one answer holds. **Bold**: ahead of the runner-up by more than " + pct
                + " (95% interval on fork means); a tie: that interval lies within ±" + pct + "; not resolved: the forks cannot tell. "
                + "The answer changes between a row's last point and the next row's first. Cost is the chosen one's. "
                + "Your own task: `crossover advise --compute 200us --wait 5ms`.");
        List<List<String>> rows = new ArrayList<>();
        for (DecisionMap.Axis axis : map.axes()) {
            for (DecisionMap.Region r : axis.regions()) {
                Answer w = r.weakest();
                String margin = w.versus() == null ? "–" : w.marginText()
                        + (r.points().size() > 1 ? " (at " + axis.fmt(w.x()) + ")" : "");
                List<DecisionMap.Choice> chosen = r.outcome() == dev.crossover.stats.Outcome.TIE ? w.tied() : List.of(w.best());
                String cost = chosen.size() == 1 ? chosen.getFirst().cost().shortText() : tieCost(chosen);
                rows.add(List.of(axis.title(), axis.span(r), w.decision(), margin, r.above() == null ? "–" : axis.boundaryText(r.above()), cost));
            }
        }
        d.table(List.of("load", "measured at", "use", "vs runner-up (95%)", "changes", "cost"), rows);
        Path png = charts.resolve(Charts.DECISION_MAP_FILE);
        Charts.decisionMap(map, png);
        drawn.add(png);
        d.image(Charts.DECISION_MAP_FILE, "Decision map: the best choice by work, wait and concurrency; striped cells are ties or not resolved");
    }

    /**
     * The cost of tied choices in one short cell: memory in the order the row lists them, then the
     * CPU per task of those where it was measured ("300 · 310 MB RSS; CPU/task: 2 child JVMs 15 ms
     * (children only), the rest not measured (in-process)").
     */
    static String tieCost(List<DecisionMap.Choice> tied) {
        List<String> mem = new ArrayList<>();
        String memKind = "";
        for (DecisionMap.Choice c : tied) {
            DecisionMap.Cost k = c.cost();
            mem.add(Double.isFinite(k.memoryMb()) ? Fmt.num(k.memoryMb()) : "?");
            if (Double.isFinite(k.memoryMb())) {
                memKind = k.memorySource().startsWith("PSS") ? "PSS" : "RSS";
            }
        }
        List<String> cpu = new ArrayList<>();
        boolean rest = false;
        for (DecisionMap.Choice c : tied) {
            DecisionMap.Cost k = c.cost();
            if (Double.isFinite(k.cpuMicrosPerTask())) {
                cpu.add(c.label() + " " + Fmt.micros(k.cpuMicrosPerTask()) + (k.cpuSource().equals("process tree") ? "" : " (" + k.cpuSource() + ")"));
            } else {
                rest = true;
            }
        }
        String cpuText = cpu.isEmpty() ? "CPU not measured" : "CPU/task: " + String.join(", ", cpu) + (rest ? "; the rest not measured" : "");
        String memText = mem.stream().allMatch("?"::equals) ? "memory not measured" : String.join(" · ", mem) + " MB " + memKind + " in the order listed";
        return memText + "; " + cpuText;
    }

    /**
     * Claims whose evidence a bar chart would mislead on: C4 mixes CPU and I/O rates, C5 recovery times of
     * different faults, C8 is X1's curve (drawn there).
     */
    private static final Set<String> NO_BAR_CHART = Set.of("C4", "C5", "C8");

    /** The evidence items sharing the first item's unit (a bar chart needs one axis). */
    private static List<Evidence> sameUnit(List<Evidence> ev) {
        if (ev.isEmpty()) {
            return List.of();
        }
        String unit = ev.getFirst().unit();
        return ev.stream().filter(e -> e.unit().equals(unit) && e.score() > 0).toList();
    }
}
