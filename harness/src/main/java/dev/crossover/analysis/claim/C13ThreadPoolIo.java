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
 * C13: a thread pool suits I/O-bound work. Measured at the highest concurrency run: a pool of the
 * blocking formula's size against processes of the same total capacity (children × threads, each
 * read from the result's {@code capacity} counter, never assumed) and against a pool sized to the
 * cores, in throughput, and in the latency of one request where both were given one capacity; and on
 * real HTTP (the open-loop HTTP benchmark), in p99 against the cores-sized pool and in client CPU per
 * request against child JVMs of the same total threads.
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
                REQUESTS.with(ParamNames.EXECUTOR, "FIXED_CORES"), LATENCY,
                HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, "FIXED_FORMULA"), HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, "FIXED_CORES"),
                HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, "PROCESS"));
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
        HttpOpenLoopResults http = HttpOpenLoopResults.of(in);
        if (io.isEmpty() && http == null) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests (thrpt)" + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> unequal = new ArrayList<>();
        List<String> unsettled = new ArrayList<>();
        Comparison vsCores = null;
        if (!io.isEmpty()) {
            vsCores = socketProtocol(in, io, cmps, figures, unequal);
            if (vsCores == NOT_MEASURED) {
                return ClaimDecision.notMeasured(id(), "IoBoundBench.requests with FIXED_FORMULA" + in.unservedNote(), in.rerun());
            }
        }
        if (http != null) {
            Comparison httpVsCores = realHttp(in, http, cmps, figures, unequal, unsettled);
            vsCores = vsCores == null ? httpVsCores : vsCores;
        }
        VerdictKind k = Decide.kind(cmps);
        return verdict(in, k, cmps, figures, unequal, unsettled, vsCores);
    }

    /** A marker: the socket-protocol run lacks the formula pool. */
    private static final Comparison NOT_MEASURED = new Comparison("not measured", null, null, null, Comparison.Expect.NONE);

    /**
     * C13 on real HTTP (HttpOpenLoopBench): at the highest arrival rate the formula pool held the p99
     * bound, its p99 against a pool sized to the cores, and its client CPU per request against child
     * JVMs with the same threads in all (each trial's {@code formula} counter, never assumed; a figure
     * beside the verdict where a warm-up did not settle).
     */
    private static Comparison realHttp(ClaimInput in, HttpOpenLoopResults h, List<Comparison> cmps, List<Figure> figures,
                                       List<String> unequal, List<String> unsettled) {
        Comparison vsCores = null;
        double rate = h.rateFor("FIXED_FORMULA", "FIXED_CORES");
        if (Double.isFinite(rate)) {
            vsCores = HttpOpenLoopResults.compare("HTTP at " + Fmt.num(rate) + " requests/s, p99 from intended start: FIXED_FORMULA vs "
                    + "FIXED_CORES", h.at("FIXED_FORMULA", rate), h.at("FIXED_CORES", rate), "p99Ms", Comparison.Expect.BETTER, in.threshold());
            if (vsCores != null) {
                cmps.add(vsCores);
            }
        }
        double pr = h.rateFor("FIXED_FORMULA", "PROCESS");
        if (Double.isFinite(pr)) {
            BenchmarkResult f = h.at("FIXED_FORMULA", pr);
            BenchmarkResult p = h.at("PROCESS", pr);
            double ff = HttpOpenLoopResults.value(f, "formula");
            double pf = HttpOpenLoopResults.value(p, "formula");
            if (ff == pf) {
                HttpOpenLoopResults.compareCpu("HTTP at " + Fmt.num(pr) + " requests/s, client CPU per request: FIXED_FORMULA ("
                        + Fmt.num(ff) + " threads) vs PROCESS (the same " + Fmt.num(pf) + " threads in child JVMs)", f, "FIXED_FORMULA",
                        p, "PROCESS", Comparison.Expect.BETTER, in.threshold(), cmps, figures, unsettled);
            } else {
                unequal.add("on HTTP, FIXED_FORMULA (" + Fmt.num(ff) + " threads) and PROCESS (" + Fmt.num(pf) + " threads in all)");
                Figure a = HttpOpenLoopResults.figure("HTTP at " + Fmt.num(pr) + " requests/s, FIXED_FORMULA client CPU per request "
                        + "(not compared: sizes differ)", f, "clientCpuUsPerReq");
                Figure b = HttpOpenLoopResults.figure("HTTP at " + Fmt.num(pr) + " requests/s, PROCESS client CPU per request "
                        + "(not compared: sizes differ)", p, "clientCpuUsPerReq");
                if (a != null && b != null) {
                    figures.add(a);
                    figures.add(b);
                }
            }
        }
        return vsCores;
    }

    /** C13 on the suite's socket protocol (IoBoundBench); returns the comparison against a pool sized to the cores. */
    private static Comparison socketProtocol(ClaimInput in, List<BenchmarkResult> io, List<Comparison> cmps, List<Figure> figures,
                                             List<String> unequal) {
        String top = in.values(io, ParamNames.CONCURRENCY).getLast();
        Map<String, BenchmarkResult> at = new LinkedHashMap<>();
        io.stream().filter(r -> top.equals(r.param(ParamNames.CONCURRENCY))).forEach(r -> at.putIfAbsent(r.param(ParamNames.EXECUTOR), r));
        BenchmarkResult formula = at.get("FIXED_FORMULA");
        if (formula == null) {
            return NOT_MEASURED;
        }
        String f = IoUsed.named(formula, "FIXED_FORMULA");
        BenchmarkResult proc = at.get("PROCESS");
        if (proc != null) {
            Double cf = IoUsed.capacity(formula);
            if (cf != null && cf.equals(IoUsed.capacity(proc))) {
                cmps.add(Comparison.of("concurrency " + top + ": " + f + " vs " + IoUsed.named(proc, "PROCESS"), formula, proc,
                        Comparison.Expect.BETTER, in.threshold()));
            } else {
                // a pool of C threads against children with another total would measure the sizes, not the executors
                unequal.add(f + " and " + IoUsed.named(proc, "PROCESS"));
                figures.add(Figure.of("concurrency " + top + ", " + f + " (not compared: capacities differ)", Evidence.of(formula)));
                figures.add(Figure.of("concurrency " + top + ", " + IoUsed.named(proc, "PROCESS") + " (not compared: capacities differ)",
                        Evidence.of(proc)));
            }
        }
        Comparison vsCores = at.containsKey("FIXED_CORES") ? Comparison.of("concurrency " + top + ": " + f + " vs "
                + IoUsed.named(at.get("FIXED_CORES"), "FIXED_CORES") + ", a pool sized to the cores", formula,
                at.get("FIXED_CORES"), Comparison.Expect.BETTER, in.threshold()) : null;
        if (vsCores != null) {
            cmps.add(vsCores);
        }
        for (String ref : List.of("VIRTUAL", "THREAD_PER_TASK")) {
            if (at.containsKey(ref)) {
                String line = "concurrency " + top + ", for reference: " + IoUsed.named(at.get(ref), ref);
                double share = IoUsed.boundShare(at.get(ref));
                if (share < 0.9) {
                    line += ": " + Fmt.num(100 * share) + "% of its Little's-law bound, so the wait does not limit it; "
                            + (ref.equals("THREAD_PER_TASK") ? "starting a thread per request does (dispatcher-bound)" : "the cores do");
                }
                figures.add(Figure.of(line, Evidence.of(at.get(ref))));
            }
        }
        List<BenchmarkResult> lat = in.all(LATENCY, "sample");
        if (!lat.isEmpty()) {
            String ltop = in.values(lat, ParamNames.CONCURRENCY).getLast();
            for (BenchmarkResult r : lat) {
                if (ltop.equals(r.param(ParamNames.CONCURRENCY))) {
                    figures.add(new Figure("latency at concurrency " + ltop + ", " + r.param(ParamNames.EXECUTOR) + " (capacity "
                            + stated(in, r) + "): mean", Evidence.of(r), percentiles(r)));
                }
            }
            BenchmarkResult lf = in.one(LATENCY.with(ParamNames.EXECUTOR, "FIXED_FORMULA").with(ParamNames.CONCURRENCY, ltop), "sample");
            BenchmarkResult lp = in.one(LATENCY.with(ParamNames.EXECUTOR, "PROCESS").with(ParamNames.CONCURRENCY, ltop), "sample");
            // the latency benchmark reports no sizes: only a capacity given as a number is known to be the same on both sides
            if (lf != null && lp != null && in.numeric(lf.param(ParamNames.CAPACITY)) != null
                    && lf.param(ParamNames.CAPACITY).equals(lp.param(ParamNames.CAPACITY))) {
                cmps.add(Comparison.of("latency at concurrency " + ltop + ", capacity " + lf.param(ParamNames.CAPACITY)
                        + " each: FIXED_FORMULA vs PROCESS", lf, lp, Comparison.Expect.BETTER, in.threshold()));
            }
        }
        return vsCores;
    }

    private ClaimDecision verdict(ClaimInput in, VerdictKind k, List<Comparison> cmps, List<Figure> figures, List<String> unequal,
                                  List<String> unsettled, Comparison vsCores) {
        List<String> on = new ArrayList<>();
        String settle = null;
        if (!unequal.isEmpty()) {
            k = VerdictKind.INCONCLUSIVE;
            settle = "a run in which every configuration gets one stated capacity: mvn verify -Pbench -Dbench.claims=C13 "
                    + "-Dbench.jmh=\"-p capacity=N\" (N, e.g. the FIXED_FORMULA capacity shown, is rounded up to a multiple of the cores)";
        } else if (k == VerdictKind.HOLDS && vsCores != null && vsCores.agreement() == Comparison.Agreement.AGREES) {
            // a thread pool suits I/O only when it is sized for the waiting, not for the cores
            k = VerdictKind.DEPENDS;
            on.add("poolSize");
        } else if (k == VerdictKind.INCONCLUSIVE) {
            settle = in.rerunFull();
        }
        return new ClaimDecision(id(), k, cmps, figures, Map.of("on", on, "unequal", unequal, "unsettled", unsettled), null, settle);
    }

    /** The latency result's capacity param: a number, or "each trial's formula". */
    private static String stated(ClaimInput in, BenchmarkResult r) {
        String c = r.param(ParamNames.CAPACITY);
        return c != null && in.numeric(c) != null ? c : "each trial's formula, not reported";
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.comparisons().isEmpty() && d.figures().isEmpty()) {
            return Text.notMeasured(d, null);
        }
        String on = d.group("on").contains("poolSize")
                ? "the pool size: sized by the blocking formula it suits; sized to the cores it does not"
                : "what the pool is compared with";
        String lead = "Blocking requests at the highest concurrency measured (requests/s), each executor with the capacity it had "
                + "(requests it can have in progress: threads, permits, or children × threads); the thread pool sized by the blocking "
                + "formula is compared with processes only at equal capacity, and with a pool sized to the cores; the claim expects the "
                + "pool sized for the waiting ahead. The latency of one request (IoBoundBench.latency, sample mode) is compared only "
                + "where both sides were given the same capacity. On real HTTP (HttpOpenLoopBench, open loop, latency from each "
                + "request's intended start), at the highest arrival rate the formula pool held its p99 bound: its p99 against the pool "
                + "sized to the cores, and its client CPU per request against child JVMs with the same threads in all. ";
        if (!d.group("unsettled").isEmpty()) {
            lead += "Client CPU per request is shown, not compared, where a trial's warm-up did not settle (" + String.join(", ",
                    d.group("unsettled")) + "): its iterations still paid for the JIT. ";
        }
        String gist = Text.gist(d);
        if (!d.group("unequal").isEmpty()) {
            lead += "Inconclusive: " + String.join("; ", d.group("unequal")) + " had different capacities (each trial sizes "
                    + "itself by the formula), so their throughputs compare the sizes, not the executors. ";
            gist = "thread pool and processes had different capacities: not compared";
        }
        return new Prose(gist, lead + Text.method(d) + Text.bullets(d), null, d.kind() == VerdictKind.DEPENDS ? on : null);
    }
}
