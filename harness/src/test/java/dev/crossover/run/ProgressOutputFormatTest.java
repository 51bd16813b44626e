package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressOutputFormatTest {

    private static BenchmarkParams params(String client, String rate) {
        WorkloadParams w = new WorkloadParams();
        w.put("client", client, 0);
        w.put("rate", rate, 1);
        IterationParams it = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);
        return new BenchmarkParams("dev.crossover.bench.HttpOpenLoopBench.openLoop", "generated", false, 1, new int[]{1}, List.of(),
                3, 0, it, it, Mode.Throughput, w, TimeUnit.SECONDS, 1, "java", List.of(), "25", "vm", "25", "1.37", TimeValue.minutes(10));
    }

    /** JMH's lines for a failed iteration: the marker, a blank line, the exception and its stack. */
    private static void fail(ProgressOutputFormat f, String message) {
        f.println("Iteration   2: <failure>");
        f.println("");
        f.println("java.lang.IllegalStateException: " + message + "\n\tat dev.crossover.bench.HttpLoad.checkServerOnTime(HttpLoad.java:66)");
    }

    @Test
    void eachConfigurationWithAFailedForkIsNamedOnceWithItsForksAndFirstError() {
        SweepPlan.Group g = new SweepPlan.Group("HttpOpenLoopBench", "dev.crossover.bench.HttpOpenLoopBench", List.of("openLoop"),
                List.of(Mode.Throughput), false, Map.of(), List.of("X7"), 3, null, 30);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ProgressOutputFormat f = new ProgressOutputFormat(OutputFormatFactory.createFormatInstance(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), VerboseMode.NORMAL),
                new PrintStream(console, true, StandardCharsets.UTF_8), new Progress(30), 1, 1, g, 0);
        f.startBenchmark(params("FIXED_FORMULA", "200"));
        fail(f, "HttpOpenLoopBench FIXED_FORMULA at 200/s: the HTTP delay server lagged its schedule (server lagged, not client saturated)");
        fail(f, "HttpOpenLoopBench FIXED_FORMULA at 200/s: the HTTP delay server lagged its schedule, again");
        f.startBenchmark(params("VIRTUAL", "200"));
        f.println("Iteration   1: 200.1 ops/s");
        f.startBenchmark(params("EVENT_LOOP", "5000"));
        fail(f, "HttpOpenLoopBench EVENT_LOOP at 5000/s: a request failed");

        List<String> failures = f.failures();
        assertEquals(List.of(
                "openLoop client=FIXED_FORMULA rate=200 (2 forks): java.lang.IllegalStateException: HttpOpenLoopBench FIXED_FORMULA at 200/s: "
                        + "the HTTP delay server lagged its schedule (server lagged, not client saturated)",
                "openLoop client=EVENT_LOOP rate=5000 (1 fork): java.lang.IllegalStateException: HttpOpenLoopBench EVENT_LOOP at 5000/s: a request failed"),
                failures);
        assertTrue(f.firstFailure().contains("FIXED_FORMULA at 200/s"), f.firstFailure());
        String shown = SuiteRun.failedConfigurations(failures);
        assertTrue(shown.startsWith(": openLoop client=FIXED_FORMULA rate=200 (2 forks)") && shown.contains("; openLoop client=EVENT_LOOP rate=5000 (1 fork)"), shown);
        assertEquals("", SuiteRun.failedConfigurations(List.of()));
    }

    @Test
    void aLongListOfFailuresIsCutWithTheCountLeft() {
        List<String> many = java.util.stream.IntStream.range(0, SuiteRun.FAILURES_SHOWN + 3).mapToObj(i -> "rate=" + i + " (1 fork): boom").toList();
        String shown = SuiteRun.failedConfigurations(many);
        assertTrue(shown.endsWith("; and 3 more"), shown);
        assertTrue(shown.contains("rate=" + (SuiteRun.FAILURES_SHOWN - 1) + " ") && !shown.contains("rate=" + SuiteRun.FAILURES_SHOWN + " "), shown);
    }
}
