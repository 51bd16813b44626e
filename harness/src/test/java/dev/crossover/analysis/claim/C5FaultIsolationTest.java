package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.counter;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C5FaultIsolationTest {

    /** A FaultBench result: two iterations of the same outcome. */
    private static BenchmarkResult fault(String method, double lost, double submitted, double survived, double detectMs,
                                         double recoverMs, String... params) {
        Map<String, Metric> m = Map.of("tasksLost", counter(lost, lost), "tasksSubmitted", counter(submitted, submitted),
                "tasksCompleted", counter(submitted - lost, submitted - lost), "workerSurvived", counter(survived, survived),
                "detectMs", counter(detectMs, detectMs), "recoverMs", counter(recoverMs, recoverMs));
        return forked("FaultBench." + method, "ss", "ms/op", around(400, 0.1), m, params);
    }

    private static List<BenchmarkResult> bothSides(double exceptionLost, double poolOomLost) {
        List<BenchmarkResult> rs = new ArrayList<>();
        rs.add(fault("taskException", exceptionLost, 31, 1, 0.4, 0.4, "executor", "THREADS"));
        rs.add(fault("taskException", 0, 31, 1, 0.9, 0.9, "executor", "PROCESS_PIPE"));
        rs.add(fault("workerFault", 2, 32, 0, 1.5, 310, "executor", "PROCESS_PIPE", "fault", "KILL"));
        rs.add(fault("workerFault", 1, 31, 0, 2.5, 330, "executor", "PROCESS_PIPE", "fault", "HALT"));
        rs.add(fault("workerFault", 1, 31, 0, 2.0, 320, "executor", "PROCESS_PIPE", "fault", "EXIT"));
        rs.add(fault("workerFault", 0, 31, 1, 250, 250, "executor", "PROCESS_PIPE", "fault", "OOM"));
        rs.add(fault("threadPoolHalt", 14, 31, 0, 3, 420, "executor", "THREADS"));
        rs.add(fault("threadPoolOom", poolOomLost, 31, 1, 180, 200));
        return rs;
    }

    @Test
    void bothSidesUnderEachFaultAreShownWithWhatWasLostAndTheTimes() {
        Verdict v = Runs.judge("C5", bothSides(0, 0), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertNull(v.settleBy());
        assertTrue(v.reason().contains("A worker JVM under SIGKILL (PROCESS_PIPE), Runtime.halt (PROCESS_PIPE), System.exit (PROCESS_PIPE), "
                + "OutOfMemoryError (PROCESS_PIPE) lost only the tasks it held"), v.reason());
        assertTrue(v.reason().contains("worker JVM under SIGKILL (PROCESS_PIPE): 400 ± 4 ms/op; lost 2 of 32 healthy tasks, only tasks the "
                + "failed worker held (each lost task checked against it); the worker ended; detected after 1.5 ms, whole again after 310 ms"),
                v.reason());
        // JMH sums event counters over iterations (4 lost, 64 submitted here): the verdict reads them per fault
        assertFalse(v.reason().contains("lost 4 of 64"), v.reason());
        assertTrue(v.reason().contains("Runtime.halt in one task ended the JVM: every task not yet done was lost"), v.reason());
        assertTrue(v.reason().contains("thread pool under Runtime.halt (a throw-away JVM): 400 ± 4 ms/op; lost 14 of 31 healthy tasks, every "
                + "task not yet done"), v.reason());
        assertTrue(v.reason().contains("the claim's second half does not apply on the JVM"), v.reason());
        assertTrue(v.reason().startsWith("Demonstrated, not measured: which tasks a fault can reach is fixed by the design"), v.reason());
        assertTrue(v.gist().startsWith("a failed worker JVM lost only its own tasks (4 faults); Runtime.halt in a thread pool lost every task"),
                v.gist());
    }

    @Test
    void anOomThatFailsOtherTasksOfAThreadPoolIsSaid() {
        Verdict shared = Runs.judge("C5", bothSides(0, 5), 2);
        assertTrue(shared.reason().contains("also failed other tasks (5 per fault): they share the heap"), shared.reason());
        Verdict contained = Runs.judge("C5", bothSides(0, 0), 2);
        assertFalse(contained.reason().contains("they share the heap"), contained.reason());
        assertTrue(contained.reason().contains("lost no other task here"), contained.reason());
    }

    @Test
    void anExceptionThatCostOtherTasksIsNamed() {
        Verdict v = Runs.judge("C5", bothSides(3, 0), 2);
        assertTrue(v.reason().contains("An exception in a task cost other tasks in THREADS"), v.reason());
        assertTrue(v.gist().endsWith("exceptions lost tasks in THREADS"), v.gist());
    }

    @Test
    void withoutAFailedWorkerJvmTheClaimIsNotMeasured() {
        Verdict v = Runs.judge("C5", List.of(fault("threadPoolHalt", 14, 31, 0, 3, 420)), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.reason().contains("not measured") && v.reason().contains("FaultBench.workerFault"), v.reason());
    }

    @Test
    void aMissingThreadPoolSideIsSaid() {
        Verdict v = Runs.judge("C5", bothSides(0, 0).subList(0, 6), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind());
        assertTrue(v.reason().contains("The thread-pool side (halt, OOM) was not in this run"), v.reason());
    }
}
