package dev.crossover.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Answer;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Verdict;
import dev.crossover.results.RunMetadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the machine-readable report (answers, crossovers, verdicts). Format 1;
 * NaN is written as the string "NaN", as JMH does.
 */
public final class SummaryJson {

    /** Bumped when a field changes meaning or disappears. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    /** Writes the summary of {@code a} to {@code file}. */
    public static void write(Analysis a, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), tree(a));
    }

    /** The summary as plain maps and lists. */
    public static Map<String, Object> tree(Analysis a) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", FORMAT_VERSION);
        RunMetadata m = a.metadata();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("description", m.machine());
        machine.put("cores", m.cores());
        machine.put("cpuModel", m.cpuModel());
        machine.put("os", m.os());
        machine.put("jdk", m.jdkVersion());
        machine.put("preset", m.preset());
        machine.put("commit", m.commit());
        machine.put("startTime", m.startTime());
        root.put("machine", machine);
        root.put("inputs", a.data().files().stream().map(Path::toString).toList());
        root.put("warnings", a.data().warnings());
        root.put("failures", m.failures());
        List<Object> answers = new ArrayList<>();
        for (Answer x : a.answers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("shape", x.shape());
            o.put("condition", x.condition());
            o.put("best", x.best());
            o.put("bestScore", evidence(x.bestEvidence()));
            o.put("runnerUp", x.runnerUp());
            o.put("runnerUpScore", x.runnerUpEvidence() == null ? null : evidence(x.runnerUpEvidence()));
            o.put("margin", x.margin());
            o.put("significant", x.significant());
            answers.add(o);
        }
        root.put("answers", answers);
        List<Object> crossovers = new ArrayList<>();
        for (CrossoverFinding f : a.crossovers().values()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", f.id());
            o.put("title", f.title());
            o.put("found", f.found());
            o.put("summary", f.summary());
            o.put("details", f.details());
            List<Object> pairs = new ArrayList<>();
            for (CrossoverResult r : f.results()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("a", r.a());
                p.put("b", r.b());
                p.put("xParam", r.xParam());
                p.put("xMin", r.xMin());
                p.put("xMax", r.xMax());
                p.put("description", r.describe());
                List<Object> cs = new ArrayList<>();
                for (Crossing c : r.crossings()) {
                    Map<String, Object> co = new LinkedHashMap<>();
                    co.put("x", c.x());
                    co.put("lo", c.lo());
                    co.put("hi", c.hi());
                    co.put("loOpen", c.loOpen());
                    co.put("hiOpen", c.hiOpen());
                    co.put("gridHit", c.gridHit());
                    co.put("bracket", List.of(c.bracketLo(), c.bracketHi()));
                    co.put("leaderBefore", c.leaderBefore());
                    co.put("leaderAfter", c.leaderAfter());
                    co.put("errorsUnknown", c.errorsUnknown());
                    cs.add(co);
                }
                p.put("crossings", cs);
                pairs.add(p);
            }
            o.put("curvePairs", pairs);
            o.put("refine", f.refine().stream().map(r -> {
                Map<String, Object> ro = new LinkedHashMap<>();
                ro.put("benchmark", r.benchmark());
                ro.put("param", r.xParam());
                ro.put("values", r.values());
                ro.put("what", r.what());
                return ro;
            }).toList());
            crossovers.add(o);
        }
        root.put("crossovers", crossovers);
        List<Object> verdicts = new ArrayList<>();
        for (Verdict v : a.verdicts().values()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", v.id());
            o.put("claim", v.claim());
            o.put("verdict", v.kind().word());
            o.put("dependsOn", v.dependsOn());
            o.put("reason", v.reason());
            o.put("jvmNote", v.jvmNote());
            o.put("settleBy", v.settleBy());
            o.put("servedBy", v.servedBy());
            o.put("evidence", v.evidence().stream().map(SummaryJson::evidence).toList());
            o.put("gist", v.gist());
            o.put("comparisons", v.comparisons().stream().map(c -> {
                Map<String, Object> co = new LinkedHashMap<>();
                co.put("label", c.label());
                co.put("a", c.a().key());
                co.put("b", c.b().key());
                co.put("betterRatio", finite(c.ratio()));
                co.put("low", finite(c.diff().betterLow()));
                co.put("high", finite(c.diff().betterHigh()));
                co.put("confidence", c.diff().interval().confidence());
                co.put("tieThreshold", c.diff().threshold());
                co.put("outcome", c.outcome().word());
                co.put("agreement", c.agreement().word());
                return co;
            }).toList());
            verdicts.add(o);
        }
        root.put("verdicts", verdicts);
        return root;
    }

    /** A number, or null (JSON null) when it is NaN or infinite: no interval. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> evidence(Evidence e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("key", e.key());
        o.put("score", e.score());
        o.put("error", e.error());
        o.put("unit", e.unit());
        return o;
    }
}
