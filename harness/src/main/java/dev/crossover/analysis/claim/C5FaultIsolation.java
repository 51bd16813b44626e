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
 * C5: a crashing process harms no other; a dying thread takes the process with it. Demonstrated: what
 * survives each fault is fixed by the JVM's and the OS's semantics; the suite injects each fault and
 * counts the tasks lost, and measures how long recovery took.
 */
public final class C5FaultIsolation implements ClaimRule {

    static final List<String> FAULTS = List.of("taskException", "workerKilled", "threadPoolHalt", "threadPoolOom");

    @Override
    public String id() {
        return "C5";
    }

    @Override
    public List<BenchRef> needs() {
        return FAULTS.stream().map(m -> BenchRef.of("FaultBench", m)).toList();
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Figure> figures = new ArrayList<>();
        List<String> exceptionLost = new ArrayList<>();
        List<String> killConfined = new ArrayList<>();
        List<String> threadPoolLosses = new ArrayList<>();
        List<String> oomContained = new ArrayList<>();
        for (BenchRef ref : needs()) {
            for (BenchmarkResult r : in.all(ref)) {
                Evidence lost = Evidence.secondary(r, "tasksLost");
                Evidence done = Evidence.secondary(r, "tasksCompleted");
                String counts = (lost == null ? "" : ", tasks lost " + Fmt.num(lost.score()))
                        + (done == null ? "" : ", completed " + Fmt.num(done.score())) + (lost == null && done == null ? "" : " (per job)");
                String what = switch (r.methodName()) {
                    case "taskException" -> "exception in one task, " + r.param(ParamNames.EXECUTOR) + ": every other result in after";
                    case "workerKilled" -> "worker process killed, " + r.param(ParamNames.EXECUTOR) + ": survivors done and a replacement answering after";
                    case "threadPoolHalt" -> "Runtime.halt in one task of a thread pool (a throw-away JVM): the JVM ended after";
                    case "threadPoolOom" -> "OutOfMemoryError in one task of a thread pool (a throw-away JVM): the job ended after";
                    default -> r.methodName() + " " + r.paramString();
                };
                figures.add(new Figure(what, Evidence.of(r), counts));
                if (r.methodName().equals("taskException") && lost != null && lost.score() > 0) {
                    exceptionLost.add(r.param(ParamNames.EXECUTOR));
                }
                if (r.methodName().equals("workerKilled") && done != null && done.score() > 0) {
                    killConfined.add(r.param(ParamNames.EXECUTOR));
                }
                if (r.methodName().startsWith("threadPool") && lost != null && lost.score() > 0) {
                    threadPoolLosses.add(r.methodName().equals("threadPoolHalt") ? "Runtime.halt" : "OutOfMemoryError");
                }
                if (r.methodName().equals("threadPoolOom") && lost != null && lost.score() == 0) {
                    oomContained.add("OutOfMemoryError");
                }
            }
        }
        if (figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "FaultBench (taskException, workerKilled) and the fault tests' findings" + in.unservedNote(), in.rerun());
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("exceptionLost", exceptionLost);
        groups.put("killConfined", killConfined);
        groups.put("threadPoolLosses", threadPoolLosses);
        groups.put("oomContained", oomContained);
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, List.of(), figures, groups, null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM an exception in a task does not kill its thread: the pool catches it and the caller gets it from "
                + "the future, so for exceptions threads are as robust as processes. What a thread pool cannot survive is the JVM "
                + "itself ending: System.exit, Runtime.halt, a fatal error, or an OutOfMemoryError that leaves the shared heap unusable; "
                + "a child process confines those to itself.";
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, note);
        }
        List<String> exc = d.group("exceptionLost");
        List<String> kill = d.group("killConfined");
        List<String> tp = d.group("threadPoolLosses");
        String lead = (exc.isEmpty()
                ? "A task's exception cost no other task in any executor"
                : "A task's exception cost other tasks in " + String.join(", ", exc))
                + (kill.isEmpty() ? "" : "; a killed worker process lost only the tasks it held while the rest completed ("
                + String.join(", ", kill) + ")") + "."
                + (tp.isEmpty() ? "" : " In a thread pool, " + String.join(" and ", tp) + " in one task lost other tasks too: the whole JVM paid.")
                + (d.group("oomContained").isEmpty() ? "" : " An OutOfMemoryError in one task of a thread pool lost no other task here;"
                + " the JVM lived on, though what else the failed allocation left half-done cannot be known.")
                + " What survives each fault is fixed by the JVM's semantics; the suite shows it, counting the tasks lost:";
        String gist = (exc.isEmpty() ? "exceptions are contained by threads too" : "exceptions lost tasks in " + String.join(", ", exc))
                + (tp.isEmpty() ? "" : "; " + String.join(" and ", tp) + " in a thread pool lost other tasks, processes confine such faults");
        return new Prose(gist, lead + Text.bullets(d), note, null);
    }
}
