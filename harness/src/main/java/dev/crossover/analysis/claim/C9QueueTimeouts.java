package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.results.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C9: get/put on a queue block, time out and raise Empty/Full. Demonstrated: the benchmark fails on
 * any outcome but the exception, so a result means it was raised; the rule checks that no timed call
 * gave up early and that none came back far too late.
 */
public final class C9QueueTimeouts implements ClaimRule {

    /** The timeout QueueSemanticsBench gives get and put on an empty or full queue. */
    static final double TIMEOUT_MS = 10;
    /** A timed-out call may return this much before its timeout (clock granularity), no more. */
    static final double EARLY_MS = 0.5;
    /** A timed-out call may return this much after its timeout (scheduling on a loaded machine). */
    static final double LATE_MS = 10;

    static final BenchRef EMPTY_GET = BenchRef.of("QueueSemanticsBench", "emptyGetTimeout");
    static final BenchRef FULL_PUT = BenchRef.of("QueueSemanticsBench", "fullPutTimeout");
    static final BenchRef WAKE = BenchRef.of("QueueSemanticsBench", "blockedGetWake");

    @Override
    public String id() {
        return "C9";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(EMPTY_GET, FULL_PUT, WAKE);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> timeouts = new ArrayList<>(in.all(EMPTY_GET));
        timeouts.addAll(in.all(FULL_PUT));
        if (timeouts.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "QueueSemanticsBench (emptyGetTimeout, fullPutTimeout; blockedGetWake). The queue's "
                    + "semantics tests in 'mvn verify' check the same behaviour functionally" + in.unservedNote(), in.rerun());
        }
        List<Figure> figures = new ArrayList<>();
        List<String> early = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (BenchmarkResult r : timeouts) {
            double ms = Units.toSecondsPerOp(r.primary().score(), r.primary().unit()) * 1e3;
            double min = r.primary().rawData().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).min().orElse(r.primary().score());
            double minMs = Units.toSecondsPerOp(min, r.primary().unit()) * 1e3;
            String where = r.methodName() + " (" + (r.param(ParamNames.QUEUE) == null ? "queue" : r.param(ParamNames.QUEUE)) + ")";
            figures.add(new Figure(where + ": returned with the exception after", Evidence.of(r),
                    (r.primary().iterationCount() > 1 ? ", earliest " + Fmt.num(minMs) + " ms" : "") + " (timeout " + Fmt.num(TIMEOUT_MS) + " ms)"));
            if (minMs < TIMEOUT_MS - EARLY_MS) {
                early.add(where);
            } else if (ms > TIMEOUT_MS + LATE_MS) {
                late.add(where);
            }
        }
        for (BenchmarkResult r : in.all(WAKE)) {
            figures.add(Figure.of("blockedGetWake (" + (r.param(ParamNames.QUEUE) == null ? "queue" : r.param(ParamNames.QUEUE))
                    + "): a blocked get woke after the put", Evidence.of(r)));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("early", early);
        groups.put("late", late);
        VerdictKind k = !early.isEmpty() ? VerdictKind.FAILS : !late.isEmpty() ? VerdictKind.INCONCLUSIVE : VerdictKind.DEMONSTRATED;
        return new ClaimDecision(id(), k, List.of(), figures, groups, null,
                k == VerdictKind.INCONCLUSIVE ? "QueueSemanticsBench on a quieter machine (see the noise evidence): " + in.rerun() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Java's BlockingQueue already has these semantics in one JVM (put/take block, offer/poll time out); the "
                + "suite's process-safe queue brings them across JVMs, raising distinct exceptions for empty and full.";
        if (d.figures().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        String body = Text.bullets(d) + "\nTolerance: a timed-out call must not return more than " + Fmt.num(EARLY_MS) + " ms before its "
                + Fmt.num(TIMEOUT_MS) + " ms timeout, nor (on average) more than " + Fmt.num(LATE_MS) + " ms after it.";
        return switch (d.kind()) {
            case FAILS -> new Prose("a timed call gave up before its timeout", "A timed get or put gave up before its timeout: "
                    + String.join(", ", d.group("early")) + "." + body, note, null);
            case INCONCLUSIVE -> new Prose("timeouts came back later than the tolerance", "The calls blocked and raised Empty/Full, but "
                    + String.join(", ", d.group("late")) + " came back later than the tolerance allows: the machine's load may be to blame."
                    + body, note, null);
            default -> new Prose("get and put blocked for their timeout, then raised Empty and Full",
                    "get on an empty queue and put on a full one blocked for their timeout, then raised Empty and Full (the benchmark "
                            + "fails on any other outcome): the semantics are built in, and the suite shows them across processes." + body, note, null);
        };
    }
}
