package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C13: a thread pool suits I/O-bound work. Measured at the highest concurrency run: a pool sized for
 * the waiting (the blocking formula, or a thread per task) against processes and against a pool sized
 * to the cores, in throughput and in the latency of one request.
 */
public final class C13ThreadPoolIo implements ClaimRule {

    static final BenchRef REQUESTS = BenchRef.of("IoBoundBench", "requests");
    static final BenchRef LATENCY = BenchRef.of("IoBoundBench", "latency");

    @Override
    public String id() {
        return "C13";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(REQUESTS.with(ParamNames.EXECUTOR, "FIXED_FORMULA"), REQUESTS.with(ParamNames.EXECUTOR, "PROCESS"),
                REQUESTS.with(ParamNames.EXECUTOR, "FIXED_CORES"), LATENCY);
    }

    /** ", p50 1.2, p99 3.4, p99.9 5.6 ms/op" from a sample-mode result's percentiles; empty when it has none. */
    static String percentiles(BenchmarkResult r) {
        StringBuilder b = new StringBuilder();
        for (String q : List.of("50.0", "99.0", "99.9")) {
            Double v = r.primary().percentiles().get(q);
            if (v != null) {
                b.append(", p").append(q.replace(".0", "")).append(' ').append(Fmt.num(v));
            }
        }
        return b.isEmpty() ? "" : b.append(' ').append(r.primary().unit()).toString();
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> io = in.all(REQUESTS, "thrpt");
        if (io.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests (thrpt)" + in.unservedNote(), in.rerun());
        }
        String top = in.values(io, ParamNames.CONCURRENCY).getLast();
        Map<String, BenchmarkResult> at = new LinkedHashMap<>();
        io.stream().filter(r -> top.equals(r.param(ParamNames.CONCURRENCY))).forEach(r -> at.putIfAbsent(r.param(ParamNames.EXECUTOR), r));
        BenchmarkResult formula = at.get("FIXED_FORMULA") != null ? at.get("FIXED_FORMULA") : at.get("THREAD_PER_TASK");
        if (formula == null) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests with FIXED_FORMULA or THREAD_PER_TASK" + in.unservedNote(), in.rerun());
        }
        String f = formula.param(ParamNames.EXECUTOR);
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        if (at.containsKey("PROCESS")) {
            cmps.add(Comparison.of("concurrency " + top + ": " + f + " vs PROCESS", formula, at.get("PROCESS"), Comparison.Expect.BETTER, in.threshold()));
        }
        Comparison vsCores = at.containsKey("FIXED_CORES") ? Comparison.of("concurrency " + top + ": " + f + " vs FIXED_CORES", formula,
                at.get("FIXED_CORES"), Comparison.Expect.BETTER, in.threshold()) : null;
        if (vsCores != null) {
            cmps.add(vsCores);
        }
        if (at.containsKey("VIRTUAL")) {
            figures.add(Figure.of("concurrency " + top + ", VIRTUAL (for reference)", Evidence.of(at.get("VIRTUAL"))));
        }
        List<BenchmarkResult> lat = in.all(LATENCY, "sample");
        if (!lat.isEmpty()) {
            String ltop = in.values(lat, ParamNames.CONCURRENCY).getLast();
            for (BenchmarkResult r : lat) {
                if (ltop.equals(r.param(ParamNames.CONCURRENCY))) {
                    figures.add(new Figure("latency at concurrency " + ltop + ", " + r.param(ParamNames.EXECUTOR) + ": mean", Evidence.of(r), percentiles(r)));
                }
            }
            BenchmarkResult lf = in.one(LATENCY.with(ParamNames.EXECUTOR, f).with(ParamNames.CONCURRENCY, ltop), "sample");
            BenchmarkResult lp = in.one(LATENCY.with(ParamNames.EXECUTOR, "PROCESS").with(ParamNames.CONCURRENCY, ltop), "sample");
            if (lf != null && lp != null) {
                cmps.add(Comparison.of("latency at concurrency " + ltop + ": " + f + " vs PROCESS", lf, lp, Comparison.Expect.BETTER, in.threshold()));
            }
        }
        VerdictKind k = Decide.kind(cmps);
        List<String> on = new ArrayList<>();
        if (k == VerdictKind.HOLDS && vsCores != null && vsCores.agreement() == Comparison.Agreement.AGREES) {
            // a thread pool suits I/O only when it is sized for the waiting, not for the cores
            k = VerdictKind.DEPENDS;
            on.add("poolSize");
        }
        return new ClaimDecision(id(), k, cmps, figures, Map.of("on", on), null, k == VerdictKind.INCONCLUSIVE ? in.rerunFull() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.comparisons().isEmpty() && d.figures().isEmpty()) {
            return Text.notMeasured(d, null);
        }
        String on = d.group("on").contains("poolSize")
                ? "the pool size: sized by the blocking formula (or a thread per task) it suits; sized to the cores it does not"
                : "what the pool is compared with";
        return new Prose(Text.gist(d), "Blocking requests at the highest concurrency measured (requests/s), and the latency of one request "
                + "(IoBoundBench.latency, sample mode); the claim expects the thread pool sized for the waiting ahead. " + Text.method(d)
                + Text.bullets(d), null, on);
    }
}
