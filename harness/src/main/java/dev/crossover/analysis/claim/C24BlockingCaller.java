package dev.crossover.analysis.claim;

import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.crossover.X7BlockingVsNonBlocking;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C24: blocking vs non-blocking is about the caller; synchronous vs asynchronous is about the
 * receiver. One asynchronous receiver (the Netty delay service: a timer per request, no thread
 * waits) answers blocking callers (a thread waits per request: pools, virtual threads, child JVMs)
 * and non-blocking ones ({@code sendAsync}, an event loop) on the same requests. That the receiver
 * serves them alike and only the caller's cost differs is the mechanism, shown ({@code
 * demonstrated}) by the server's latency at the lowest rate for each caller; what each caller pays
 * (client CPU per request, memory per request in flight, threads held) is reported beside it, and
 * where blocking vs non-blocking starts to matter is X7.
 */
public final class C24BlockingCaller implements ClaimRule {

    static final BenchRef CLOSED_LOOP = BenchRef.of("HttpClosedLoopBench", "closedLoop");
    static final List<String> CLIENTS = List.of("FIXED_CORES", "FIXED_FORMULA", "VIRTUAL", "PROCESS", "ASYNC", "EVENT_LOOP");

    @Override
    public String id() {
        return "C24";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>();
        CLIENTS.forEach(c -> out.add(HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, c)));
        out.add(CLOSED_LOOP);
        return out;
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        HttpOpenLoopResults h = HttpOpenLoopResults.of(in);
        if (h == null) {
            return ClaimDecision.notMeasured(id(), "HttpOpenLoopBench.openLoop (thrpt)" + in.unservedNote(), in.rerun());
        }
        List<Figure> figures = new ArrayList<>();
        List<Comparison> cmps = new ArrayList<>();
        List<String> blockingNear = new ArrayList<>();
        List<String> nonBlockingNear = new ArrayList<>();
        double low = h.results.stream().mapToDouble(r -> Double.parseDouble(r.param(ParamNames.RATE))).min().orElse(Double.NaN);
        for (String c : CLIENTS) {
            BenchmarkResult r = h.at(c, low);
            if (r == null) {
                continue;
            }
            double p50 = HttpOpenLoopResults.value(r, "p50Ms");
            Figure f = HttpOpenLoopResults.figure(c + " at " + Fmt.num(low) + " requests/s: p50 from intended start (server delay "
                    + Fmt.num(h.delayMs) + " ms)", r, "p50Ms");
            if (f != null) {
                figures.add(new Figure(f.label(), f.value(), "; client CPU " + Fmt.num(HttpOpenLoopResults.value(r, "clientCpuUsPerReq"))
                        + " µs/request, memory " + Fmt.num(HttpOpenLoopResults.value(r, "memPerInFlightKb")) + " kB per request in flight, "
                        + "threads held for waiting " + waiting(c, HttpOpenLoopResults.value(r, "waitingThreads"))
                        + ", server CPU " + Fmt.num(HttpOpenLoopResults.value(r, "serverCpuUsPerReq")) + " µs/request"));
            }
            // the receiver is the same: at a rate no caller saturates, every caller sees the delay plus a little
            boolean near = p50 >= h.delayMs && p50 <= h.delayMs + Math.max(5, h.delayMs);
            if (near) {
                (c.equals("ASYNC") || c.equals("EVENT_LOOP") ? nonBlockingNear : blockingNear).add(c);
            }
        }
        double rate = h.rateFor("VIRTUAL", "EVENT_LOOP");
        if (Double.isFinite(rate)) {
            Comparison c = HttpOpenLoopResults.compare("client CPU per request at " + Fmt.num(rate) + " requests/s: EVENT_LOOP vs VIRTUAL",
                    h.at("EVENT_LOOP", rate), h.at("VIRTUAL", rate), X7BlockingVsNonBlocking.CLIENT_CPU, Comparison.Expect.NONE, in.threshold());
            if (c != null) {
                cmps.add(c);
            }
            Comparison m = HttpOpenLoopResults.compare("memory per request in flight at " + Fmt.num(rate) + " requests/s: EVENT_LOOP vs VIRTUAL",
                    h.at("EVENT_LOOP", rate), h.at("VIRTUAL", rate), "memPerInFlightKb", Comparison.Expect.NONE, in.threshold());
            if (m != null) {
                cmps.add(m);
            }
        }
        for (BenchmarkResult r : in.all(CLOSED_LOOP, "thrpt")) {
            figures.add(new Figure("closed loop, " + r.param(ParamNames.CLIENT) + " at concurrency " + r.param(ParamNames.CONCURRENCY),
                    dev.crossover.analysis.Evidence.of(r), "; client CPU " + Fmt.num(HttpOpenLoopResults.value(r, "clientCpuUsPerReq"))
                    + " µs/request, memory " + Fmt.num(HttpOpenLoopResults.value(r, "memPerInFlightKb")) + " kB per request in flight"));
        }
        boolean shown = !blockingNear.isEmpty() && !nonBlockingNear.isEmpty();
        VerdictKind k = shown ? VerdictKind.DEMONSTRATED : VerdictKind.INCONCLUSIVE;
        return new ClaimDecision(id(), k, cmps, figures, Map.of("blocking", blockingNear, "nonBlocking", nonBlockingNear,
                "rate", List.of(Fmt.num(low))), null, shown ? null : "a run where blocking and non-blocking callers both see the server's "
                + "delay at the lowest rate (an idle machine): mvn verify -Pbench -Dbench.claims=C24");
    }

    private static String waiting(String client, double n) {
        return switch (client) {
            case "VIRTUAL" -> "one virtual thread per request";
            case "ASYNC", "EVENT_LOOP" -> "none";
            default -> Fmt.num(n);
        };
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.comparisons().isEmpty() && d.figures().isEmpty()) {
            return Text.notMeasured(d, null);
        }
        String lead = "One asynchronous receiver (the Netty delay service answers each request from a timer; no thread of it waits) "
                + "serves blocking callers (a thread waits for each request: fixed pools, virtual threads, child JVMs) and non-blocking "
                + "ones (HttpClient.sendAsync, a one-thread event loop) on the same requests. ";
        if (d.kind() == VerdictKind.DEMONSTRATED) {
            lead += "At " + String.join("", d.group("rate")) + " requests/s blocking callers (" + String.join(", ", d.group("blocking"))
                    + ") and non-blocking ones (" + String.join(", ", d.group("nonBlocking")) + ") all get the server's delay: "
                    + "the receiver is asynchronous whatever the caller does, and whether a thread waits is the caller's choice, "
                    + "paid for in the caller's CPU, memory and threads below. This is the distinction shown by construction, not a "
                    + "measured property; where it starts to cost (the rate at which non-blocking callers pull away) is X7. ";
        } else {
            lead += "Not every caller got the server's delay at the lowest rate, so the run does not show the receiver serving them alike. ";
        }
        return new Prose(d.kind() == VerdictKind.DEMONSTRATED ? "one asynchronous server, blocking and non-blocking callers alike; costs differ"
                : "not every caller got the server's delay at the lowest rate", lead + Text.method(d) + Text.bullets(d), "On the JVM as in Python: blocking is a property of the call "
                + "(HttpClient.send vs sendAsync), asynchrony a property of the server (Netty's timers).", null);
    }
}
