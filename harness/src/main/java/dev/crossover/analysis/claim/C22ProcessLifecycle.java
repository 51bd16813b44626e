package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C22: {@code Process.join(timeout)} blocks at most the timeout; {@code exitcode} says whether it ended;
 * {@code terminate} forces the end; a process cannot join itself. Demonstrated: the benchmarks fail
 * unless join timed out no earlier than its timeout and terminate ended the child with SIGTERM's 143
 * (misuse, such as joining itself, is covered by the tests). Measured beside it: how far past its
 * timeout a join returns, and the terminate latency of a child JVM against interrupting a thread
 * blocked in a task, on fork intervals.
 */
public final class C22ProcessLifecycle implements ClaimRule {

    /** JoinTimeoutBench's timeout. */
    static final double TIMEOUT_MS = 10;
    /** A join may come back this much after its timeout (scheduling on a loaded machine) before the verdict doubts it. */
    static final double LATE_MS = 10;

    static final BenchRef TERM_CHILD = BenchRef.of("TerminateBench", "childJvmTerminate");
    static final BenchRef KILL_CHILD = BenchRef.of("TerminateBench", "childJvmKill");
    static final BenchRef INT_PLATFORM = BenchRef.of("TerminateBench", "platformThreadInterrupt");
    static final BenchRef INT_VIRTUAL = BenchRef.of("TerminateBench", "virtualThreadInterrupt");
    static final BenchRef JOIN_CHILD = BenchRef.of("JoinTimeoutBench", "childProcess");
    static final BenchRef JOIN_PLATFORM = BenchRef.of("JoinTimeoutBench", "platformThread");
    static final BenchRef JOIN_VIRTUAL = BenchRef.of("JoinTimeoutBench", "virtualThread");

    @Override
    public String id() {
        return "C22";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(TERM_CHILD, KILL_CHILD, INT_PLATFORM, INT_VIRTUAL, JOIN_CHILD, JOIN_PLATFORM, JOIN_VIRTUAL);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        BenchmarkResult term = in.one(TERM_CHILD);
        BenchmarkResult kill = in.one(KILL_CHILD);
        BenchmarkResult plat = in.one(INT_PLATFORM);
        BenchmarkResult virt = in.one(INT_VIRTUAL);
        if (plat != null) {
            if (term != null) {
                cmps.add(Comparison.of("terminate to gone: interrupting a blocked platform thread vs SIGTERM to a child JVM", plat, term,
                        Comparison.Expect.NONE, in.threshold()));
            }
            if (kill != null) {
                cmps.add(Comparison.of("terminate to gone: interrupting a blocked platform thread vs SIGKILL to a child JVM", plat, kill,
                        Comparison.Expect.NONE, in.threshold()));
            }
            if (virt != null) {
                cmps.add(Comparison.of("terminate to gone: interrupting a blocked virtual thread vs a platform thread", virt, plat,
                        Comparison.Expect.NONE, in.threshold()));
            }
        }
        List<String> late = new ArrayList<>();
        List<String> joined = new ArrayList<>();
        for (BenchRef ref : List.of(JOIN_CHILD, JOIN_PLATFORM, JOIN_VIRTUAL)) {
            BenchmarkResult r = in.one(ref);
            if (r == null) {
                continue;
            }
            double ms = Units.toSecondsPerOp(r.primary().score(), r.primary().unit()) * 1e3;
            figures.add(new Figure("join(" + Fmt.num(TIMEOUT_MS) + " ms) on a running " + ref.method() + ": returned after", Evidence.of(r),
                    " (" + Fmt.num((ms - TIMEOUT_MS) * 1e3) + " µs past the timeout)"));
            joined.add(ref.method());
            if (ms > TIMEOUT_MS + LATE_MS) {
                late.add(ref.method() + " (" + Fmt.num(ms) + " ms)");
            }
        }
        BenchmarkResult jc = in.one(JOIN_CHILD);
        BenchmarkResult jp = in.one(JOIN_PLATFORM);
        if (jc != null && jp != null) {
            cmps.add(Comparison.of("join(10 ms) timing out: a platform thread vs a child JVM", jp, jc, Comparison.Expect.NONE, in.threshold()));
        }
        if (cmps.isEmpty() && figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "TerminateBench or JoinTimeoutBench; ChildProcess's tests in 'mvn verify' (LifecycleTest) "
                    + "check join(timeout), exitCode, isAlive, terminate and the refusal to join itself" + in.unservedNote(), in.rerun());
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("late", late);
        groups.put("joined", joined);
        groups.put("terminated", term != null || kill != null ? List.of("child JVM") : List.of());
        VerdictKind k = late.isEmpty() ? VerdictKind.DEMONSTRATED : VerdictKind.INCONCLUSIVE;
        return new ClaimDecision(id(), k, cmps, figures, groups, null,
                k == VerdictKind.INCONCLUSIVE ? "JoinTimeoutBench on a quieter machine (see the noise evidence): " + in.rerun() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM, a child JVM is a java.lang.Process (ChildProcess in the suite): waitFor with a timeout is join(timeout), "
                + "exitValue is exitcode (143 after SIGTERM, 137 after SIGKILL), destroy is terminate. A thread cannot be forced to end: "
                + "interrupt ends only a blocking call, so a thread busy computing runs on, while a process always ends. A Java thread "
                + "joining itself waits forever; ChildProcess.current().join() is refused with a message instead, as Python's is.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        String lead = "The benchmarks fail unless every timed join returned false no earlier than its timeout and terminate ended the child "
                + "JVM (exit 143; 137 for kill): the mechanism is shown. Measured beside it: how far past its timeout join returns, "
                + "and how long it takes from terminate (or interrupt) to the worker gone (figures, not tests of the claim). ";
        String gist;
        if (d.kind() == VerdictKind.INCONCLUSIVE) {
            lead += "But " + String.join(", ", d.group("late")) + " came back more than " + Fmt.num(LATE_MS) + " ms after its timeout: "
                    + "the machine's load may be to blame. ";
            gist = "join came back late: " + String.join(", ", d.group("late"));
        } else {
            gist = "join(timeout) timed out on time" + (d.group("terminated").isEmpty() ? "" : "; terminate ended the child JVM")
                    + "; terminate latency measured";
        }
        return new Prose(gist, lead + Text.method(d) + Text.bullets(d), note, null);
    }
}
