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
 * C5: a crashing process harms no other; a dying thread takes the process with it. Demonstrated:
 * which tasks a fault can reach is fixed by the design (a worker JVM has its own heap and process, a
 * thread pool shares both); FaultBench injects each fault on both sides, counts what was lost
 * (checking that a failed worker JVM lost only the tasks it held) and measures the time to detect and
 * to recover, which are this machine's figures.
 */
public final class C5FaultIsolation implements ClaimRule {

    static final String BENCH = "FaultBench";
    static final BenchRef EXCEPTION = BenchRef.of(BENCH, "taskException");
    static final BenchRef WORKER = BenchRef.of(BENCH, "workerFault");
    static final BenchRef POOL_HALT = BenchRef.of(BENCH, "threadPoolHalt");
    static final BenchRef POOL_OOM = BenchRef.of(BENCH, "threadPoolOom");
    /** FaultBench's worker faults, as the report names them. */
    static final Map<String, String> WORKER_FAULTS = Map.of("KILL", "SIGKILL", "HALT", "Runtime.halt", "EXIT", "System.exit",
            "OOM", "OutOfMemoryError");

    @Override
    public String id() {
        return "C5";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>(List.of(EXCEPTION));
        for (String f : List.of("KILL", "HALT", "EXIT", "OOM")) {
            out.add(WORKER.with(ParamNames.FAULT, f));
        }
        out.add(POOL_HALT);
        out.add(POOL_OOM);
        return out;
    }

    /** The per-iteration mean of counter {@code name}, NaN when absent. */
    private static double counter(BenchmarkResult r, String name) {
        Evidence e = Evidence.secondary(r, name);
        return e == null ? Double.NaN : e.score();
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? Fmt.num(v) + " ms" : "not seen";
    }

    /** "; lost 4 of 31 healthy tasks (…), the worker ended; detected after 1.2 ms, whole again after 310 ms". */
    private static String detail(BenchmarkResult r, String scope, String survivor) {
        double lost = counter(r, "tasksLost");
        double submitted = counter(r, "tasksSubmitted");
        double survived = counter(r, "workerSurvived");
        return "; lost " + Fmt.num(lost) + " of " + Fmt.num(submitted) + " healthy tasks" + scope + "; " + survivor + " "
                + (survived >= 1 ? "lived on" : survived <= 0 ? "ended" : "lived on in " + Fmt.num(survived * 100) + "% of the faults")
                + "; detected after " + ms(counter(r, "detectMs")) + ", whole again after " + ms(counter(r, "recoverMs"));
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Figure> figures = new ArrayList<>();
        List<String> processFaults = new ArrayList<>();
        List<String> exceptionLost = new ArrayList<>();
        List<String> poolEnded = new ArrayList<>();
        List<String> poolOomLost = new ArrayList<>();
        List<String> poolOomContained = new ArrayList<>();
        for (BenchmarkResult r : in.all(WORKER)) {
            String fault = WORKER_FAULTS.getOrDefault(r.param(ParamNames.FAULT), r.param(ParamNames.FAULT));
            String exec = r.param(ParamNames.EXECUTOR);
            figures.add(new Figure("worker JVM under " + fault + " (" + exec + ")", Evidence.of(r),
                    detail(r, ", only tasks the failed worker held (each lost task checked against it)", "the worker")));
            processFaults.add(fault + " (" + exec + ")");
        }
        for (BenchmarkResult r : in.all(EXCEPTION)) {
            String exec = r.param(ParamNames.EXECUTOR);
            figures.add(new Figure("exception in one task (" + exec + ")", Evidence.of(r), detail(r, "", "the worker")));
            if (counter(r, "tasksLost") > 0) {
                exceptionLost.add(exec);
            }
        }
        for (BenchmarkResult r : in.all(POOL_HALT)) {
            figures.add(new Figure("thread pool under Runtime.halt (a throw-away JVM)", Evidence.of(r),
                    detail(r, ", every task not yet done: the failed worker is the JVM", "the JVM")));
            if (counter(r, "workerSurvived") < 1) {
                poolEnded.add("Runtime.halt");
            }
        }
        for (BenchmarkResult r : in.all(POOL_OOM)) {
            figures.add(new Figure("thread pool under OutOfMemoryError (a throw-away JVM)", Evidence.of(r),
                    detail(r, ", tasks that failed with the shared heap or never ran", "the JVM")));
            double lost = counter(r, "tasksLost");
            if (counter(r, "workerSurvived") < 1) {
                poolEnded.add("OutOfMemoryError");
            }
            (lost > 0 ? poolOomLost : poolOomContained).add(Fmt.num(lost));
        }
        if (processFaults.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "FaultBench.workerFault (a worker JVM under SIGKILL, halt, exit or OOM) and the "
                    + "thread-pool faults" + in.unservedNote(), in.rerun());
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("processFaults", processFaults);
        groups.put("exceptionLost", exceptionLost);
        groups.put("poolEnded", poolEnded);
        groups.put("poolOomLost", poolOomLost);
        groups.put("poolOomContained", poolOomContained);
        groups.put("poolShown", figures.stream().map(Figure::label).filter(l -> l.startsWith("thread pool")).toList());
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, List.of(), figures, groups, null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM an exception in a task does not kill its thread: the pool catches it and the caller gets it from "
                + "the future, so for exceptions threads are as robust as processes. What a thread pool cannot survive is the JVM "
                + "itself ending: System.exit, Runtime.halt, a fatal error, or an OutOfMemoryError that leaves the shared heap "
                + "unusable; a worker JVM confines those to itself.";
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, note);
        }
        List<String> exc = d.group("exceptionLost");
        List<String> ended = d.group("poolEnded");
        StringBuilder lead = new StringBuilder("Demonstrated, not measured: which tasks a fault can reach is fixed by the design "
                + "(a worker JVM has its own process and heap; a thread pool shares one), so the suite shows it by injecting each "
                + "fault and counting; the times to detect and to recover are this machine's figures. ");
        lead.append("A worker JVM under ").append(String.join(", ", d.group("processFaults")))
                .append(" lost only the tasks it held, each checked against it, while the other workers finished theirs and the "
                        + "pool was whole again after the times below. ");
        lead.append(exc.isEmpty() ? "An exception in a task lost no other task and no worker on any executor: for exceptions, "
                + "the claim's second half does not apply on the JVM. " : "An exception in a task cost other tasks in "
                + String.join(", ", exc) + ". ");
        if (!ended.isEmpty()) {
            lead.append("In a thread pool, ").append(String.join(" and ", ended))
                    .append(" in one task ended the JVM: every task not yet done was lost with it, and recovery means a new JVM. ");
        }
        if (!d.group("poolOomLost").isEmpty()) {
            lead.append("An OutOfMemoryError in one task of a thread pool also failed other tasks (")
                    .append(String.join(", ", d.group("poolOomLost"))).append(" per fault): they share the heap. ");
        } else if (!d.group("poolOomContained").isEmpty()) {
            lead.append("An OutOfMemoryError in one task of a thread pool lost no other task here; what the failed allocation "
                    + "left half-done in shared state cannot be known. ");
        }
        if (d.group("poolShown").isEmpty()) {
            lead.append("The thread-pool side (halt, OOM) was not in this run. ");
        }
        lead.append("Each line: the whole episode (fault until every task is accounted for and the pool serves at full size), then, "
                + "as means per fault, what was lost, whether the worker met by the fault lived on, and when the caller knew and the "
                + "pool was whole again (a thread pool whose JVM ended: detection plus a new JVM and pool).");
        String gist = "a failed worker JVM lost only its own tasks (" + d.group("processFaults").size() + " faults)"
                + (ended.isEmpty() ? "" : "; " + String.join(" and ", ended) + " in a thread pool lost every task not done")
                + (exc.isEmpty() ? "; exceptions cost nothing anywhere" : "; exceptions lost tasks in " + String.join(", ", exc));
        return new Prose(gist, lead.toString().trim() + Text.bullets(d), note, null);
    }
}
