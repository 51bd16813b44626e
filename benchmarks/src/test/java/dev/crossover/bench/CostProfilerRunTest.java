package dev.crossover.bench;

import dev.crossover.profile.CostProfiler;
import dev.crossover.profile.ProcFs;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The profiler as a user meets it: named in a JMH run, it adds the tree's cost to every result. */
class CostProfilerRunTest {

    private static final long TASK_UNITS = 100;

    @Test
    void everyExecutorShowsAtLeastTheCpuItsTasksNeed() throws Exception {
        assumeTrue(ProcFs.AVAILABLE, "Linux only");
        // a short run; other JMH runs on the machine hold JMH's lock, which only guards timing
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> runs = new Runner(new OptionsBuilder()
                .include("^\\Q" + CpuBoundBench.class.getName() + "\\E\\.poolSweep$")
                .param("executor", "THREADS", "PROCESS_PIPE")
                .param("poolSize", "1")
                .param("taskUnits", Long.toString(TASK_UNITS))
                .forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                .measurementIterations(2).measurementTime(TimeValue.milliseconds(300))
                .addProfiler(CostProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        assertEquals(2, runs.size());
        // each task runs TASK_UNITS work units: at least that much CPU per task, whichever process ran it
        double taskMicros = TASK_UNITS * Bench.unitMicros();
        for (RunResult r : runs) {
            String executor = r.getParams().getParam("executor");
            Map<String, Result> sec = r.getAggregatedResult().getSecondaryResults();
            Result cpu = sec.get(CostProfiler.CPU);
            assertNotNull(cpu, executor + ": " + sec.keySet());
            assertEquals("us/op", cpu.getScoreUnit());
            assertTrue(cpu.getScore() >= 0.7 * taskMicros,
                    executor + ": tree CPU " + cpu.getScore() + " µs per task, below the task's own " + taskMicros + " µs");
            assertTrue(sec.get(CostProfiler.MEMORY).getScore() > 10, executor + ": a JVM holds more than 10 MB");
            assertTrue(sec.get(CostProfiler.SWITCHES).getScore() > 0, executor + ": a pool hands tasks to other threads");
        }
    }
}
