package dev.crossover.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Answer;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Verdict;
import dev.crossover.results.RunMetadata;
import dev.crossover.stats.Difference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code summary.json}: the machine-readable report, the records below serialised by Jackson.
 * Format 2: the decision map replaces format 1's answers per grid point, and {@code warnings} holds
 * every warning {@code report.md} opens with (failed groups, noise, inputs). NaN is written as the
 * string "NaN", as JMH does.
 */
public final class SummaryJson {

    /** Bumped when a field changes meaning or disappears. */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    /** The whole file. */
    public record Summary(int formatVersion, Machine machine, List<String> inputs, List<String> warnings, List<String> failures,
                          MapJson decisionMap, List<CrossoverJson> crossovers, List<VerdictJson> verdicts) {
    }

    /** Where the run came from. */
    public record Machine(String description, Integer cores, String cpuModel, String os, String jdk, String preset, String commit,
                          String startTime, String endTime, String loadAvgStart, String loadAvgEnd, String stealPercent,
                          String noiseWarning) {
    }

    /** The decision map at its tie threshold. */
    public record MapJson(double tieThreshold, Integer cores, double microsPerUnit, List<AxisJson> axes) {
    }

    /** One load shape. */
    public record AxisJson(String shape, String title, String xName, List<RegionJson> regions, List<PointJson> points) {
    }

    /**
     * A range of measured points with one answer.
     *
     * @param outcome "ahead", "tie" or "unresolved": the best against the runner-up at every point
     * @param use     the choices to use: the winner, or every tied choice
     */
    public record RegionJson(double from, double to, String span, String outcome, List<ChoiceJson> use, String decision,
                             DifferenceJson weakestMargin, BoundaryJson below, BoundaryJson above) {
    }

    /** Where the answer changes. */
    public record BoundaryJson(double lo, double hi, String source) {
    }

    /** One measured point. */
    public record PointJson(double x, String text, double computeMicros, double waitMicros, String outcome,
                            DifferenceJson bestOverRunnerUp, List<ChoiceJson> ranked) {
    }

    /** A choice with its score and cost. */
    public record ChoiceJson(String id, String label, EvidenceJson score, DecisionMap.Cost cost) {
    }

    /** The best over the runner-up: ratio and 95% interval from fork means, in the direction "higher is better". */
    public record DifferenceJson(double ratio, double low, double high, double threshold, String outcome, String text) {
    }

    /** A number behind an answer or verdict. */
    public record EvidenceJson(String key, double score, double error, String unit) {
    }

    /** A crossover. */
    public record CrossoverJson(String id, String title, boolean found, String summary, List<String> details,
                                List<CurvePairJson> curvePairs, List<RefineJson> refine) {
    }

    /** Two curves compared along a param. */
    public record CurvePairJson(String a, String b, String xParam, double xMin, double xMax, String description,
                                List<CrossingJson> crossings) {
    }

    /** Where one overtakes the other. */
    public record CrossingJson(double x, double lo, double hi, boolean loOpen, boolean hiOpen, boolean gridHit, List<Double> bracket,
                               String leaderBefore, String leaderAfter, boolean errorsUnknown) {
    }

    /** Points that would narrow a crossover. */
    public record RefineJson(String benchmark, String param, List<String> values, String what) {
    }

    /** A claim's verdict. */
    public record VerdictJson(String id, String claim, String verdict, String dependsOn, String reason, String jvmNote, String settleBy,
                              List<String> servedBy, List<EvidenceJson> evidence, String gist, List<ComparisonJson> comparisons) {
    }

    /**
     * One comparison behind a verdict: a against b as a ratio of fork means, in the direction "higher is better",
     * with its interval (null bounds: fewer than two forks on a side, so no interval).
     */
    public record ComparisonJson(String label, String a, String b, Double betterRatio, Double low, Double high, double confidence,
                                 double tieThreshold, String outcome, String agreement) {
    }

    /** Writes the summary of {@code a} at the default tie threshold, with the report head's warnings. */
    public static void write(Analysis a, Path file) throws IOException {
        write(a, DecisionMap.of(a), ReportGenerator.warnings(a), file);
    }

    /** Writes the summary of {@code a} with {@code map} and {@code warnings} to {@code file}. */
    public static void write(Analysis a, DecisionMap map, List<String> warnings, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), of(a, map, warnings));
    }

    /** The summary as records. */
    public static Summary of(Analysis a, DecisionMap map, List<String> warnings) {
        RunMetadata m = a.metadata();
        Machine machine = new Machine(m.machine(), m.cores(), m.cpuModel(), m.os(), m.jdkVersion(), m.preset(), m.commit(), m.startTime(),
                m.endTime(), m.loadAvgStart(), m.loadAvgEnd(), m.stealPercent(), m.noiseWarning());
        List<AxisJson> axes = map.axes().stream().map(ax -> new AxisJson(ax.shape().word(), ax.title(), ax.xName(),
                ax.regions().stream().map(r -> region(ax, r)).toList(),
                ax.points().stream().map(SummaryJson::point).toList())).toList();
        List<CrossoverJson> crossovers = a.crossovers().values().stream().map(SummaryJson::crossover).toList();
        List<VerdictJson> verdicts = a.verdicts().values().stream().map(v -> new VerdictJson(v.id(), v.claim(), v.kind().word(),
                v.dependsOn(), v.reason(), v.jvmNote(), v.settleBy(), v.servedBy(), v.evidence().stream().map(SummaryJson::evidence).toList(),
                v.gist(), v.comparisons().stream().map(c -> new ComparisonJson(c.label(), c.a().key(), c.b().key(), finite(c.ratio()),
                        finite(c.diff().betterLow()), finite(c.diff().betterHigh()), c.diff().interval().confidence(), c.diff().threshold(),
                        c.outcome().word(), c.agreement().word())).toList()))
                .toList();
        return new Summary(FORMAT_VERSION, machine, a.data().files().stream().map(f -> inRun(a, f)).toList(), List.copyOf(warnings),
                m.failures(), new MapJson(map.threshold(), map.cores(), map.microsPerUnit(), axes), crossovers, verdicts);
    }

    private static RegionJson region(DecisionMap.Axis ax, DecisionMap.Region r) {
        Answer w = r.weakest();
        List<DecisionMap.Choice> use = r.outcome() == dev.crossover.stats.Outcome.TIE ? w.tied() : List.of(w.best());
        return new RegionJson(r.first().x(), r.last().x(), ax.span(r), r.outcome().word(), use.stream().map(SummaryJson::choice).toList(),
                w.decision().replace("**", ""), difference(w.versus()), boundary(r.below()), boundary(r.above()));
    }

    private static PointJson point(Answer p) {
        return new PointJson(p.x(), p.xText(), p.computeMicros(), p.waitMicros(), p.outcome().word(), difference(p.versus()),
                p.ranked().stream().map(SummaryJson::choice).toList());
    }

    private static ChoiceJson choice(DecisionMap.Choice c) {
        return new ChoiceJson(c.id(), c.label(), evidence(c.evidence()), c.cost());
    }

    private static BoundaryJson boundary(DecisionMap.Boundary b) {
        return b == null ? null : new BoundaryJson(b.lo(), b.hi(), b.source());
    }

    private static DifferenceJson difference(Difference d) {
        return d == null ? null : new DifferenceJson(d.betterRatio(), d.betterLow(), d.betterHigh(), d.threshold(), d.outcome().word(), d.text());
    }

    private static CrossoverJson crossover(CrossoverFinding f) {
        List<CurvePairJson> pairs = f.results().stream().map((CrossoverResult r) -> new CurvePairJson(r.a(), r.b(), r.xParam(), r.xMin(),
                r.xMax(), r.describe(), r.crossings().stream().map((Crossing c) -> new CrossingJson(c.x(), c.lo(), c.hi(), c.loOpen(),
                c.hiOpen(), c.gridHit(), List.of(c.bracketLo(), c.bracketHi()), c.leaderBefore(), c.leaderAfter(), c.errorsUnknown()))
                .toList())).toList();
        List<RefineJson> refine = f.refine().stream().map(r -> new RefineJson(r.benchmark(), r.xParam(), r.values(), r.what())).toList();
        return new CrossoverJson(f.id(), f.title(), f.found(), f.summary(), f.details(), pairs, refine);
    }

    private static EvidenceJson evidence(Evidence e) {
        return new EvidenceJson(e.key(), e.score(), e.error(), e.unit());
    }

    /** A number, or null (JSON null) when it is NaN or infinite: no interval. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** A result file as a path inside its run directory, so that the summary stays true when the run is moved. */
    private static String inRun(Analysis a, Path f) {
        Path run = a.data().runDir();
        return run != null && f.startsWith(run) ? run.relativize(f).toString() : f.toString();
    }
}
