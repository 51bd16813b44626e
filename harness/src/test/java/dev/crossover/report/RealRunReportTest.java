package dev.crossover.report;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report drawn from trimmed real output of every benchmark class (fixtures/run-real-smoke: one
 * fork, two iterations, on a loaded 2-core machine): the shapes the analysis meets in practice.
 */
class RealRunReportTest {

    @TempDir
    static Path out;
    static Analysis analysis;
    static String md;

    @BeforeAll
    static void draw() throws Exception {
        analysis = Analysis.of(RunData.load(List.of(Path.of("src/test/resources/fixtures/run-real-smoke"))));
        md = Files.readString(ReportGenerator.write(analysis, out).markdown());
    }

    @Test
    void everyCrossoverIsReadFromTheRealBenchmarksAndEveryClaimIsJudged() {
        analysis.crossovers().values().stream().filter(f -> dev.crossover.analysis.CrossoverRules.ids().contains(f.id()))
                .forEach(f -> assertFalse(f.summary().startsWith("not measured"), f.id() + ": " + f.summary()));
        assertEquals(dev.crossover.claims.ClaimsCatalog.bundled().claimIds().size(), analysis.verdicts().size());
        // C9's benchmark (QueueSemanticsBench) was not in this run: said so, not guessed
        Verdict c9 = analysis.verdicts().get("C9");
        assertEquals(VerdictKind.INCONCLUSIVE, c9.kind());
        assertTrue(c9.reason().contains("needs QueueSemanticsBench"), c9.reason());
    }

    @Test
    void twoIterationsGiveNoErrorsAndTheReportSaysSoInsteadOfCallingMarginsTies() {
        assertTrue(md.contains("Run with at least 3 measurement iterations"), md.substring(0, 1500));
        // one fork: no interval on any ratio, so no answer is a tie or a bold win
        String map = md.substring(md.indexOf("## What to use"), md.indexOf("## Crossovers"));
        assertTrue(map.contains("(1 fork: no interval)") && map.contains("(not resolved)"), map);
        assertFalse(map.contains("a tie,") || map.contains("| **"), map);
        assertFalse(md.contains("within error: a tie"), "no margin without errors is called a tie");
        // C8: a larger pool must not 'agree' with the claim when nothing tells the scores apart
        assertEquals(VerdictKind.INCONCLUSIVE, analysis.verdicts().get("C8").kind(), analysis.verdicts().get("C8").reason());
    }

    @Test
    void faultResultsFromBeforeWorkerFaultLeaveC5NotMeasuredAndSaySo() {
        // the fixture's FaultBench predates workerFault (it has workerKilled): the process side is missing
        Verdict c5 = analysis.verdicts().get("C5");
        assertEquals(VerdictKind.INCONCLUSIVE, c5.kind(), c5.reason());
        assertTrue(c5.reason().contains("not measured") && c5.reason().contains("FaultBench.workerFault"), c5.reason());
    }

    @Test
    void tornFramesArePerIterationAndOnlyFramesAbovePipeBufTear() {
        Verdict c10 = analysis.verdicts().get("C10");
        assertEquals(VerdictKind.DEPENDS, c10.kind(), c10.reason());
        // rawData 520 and 489 torn frames; JMH's score is their sum, 1009
        assertTrue(c10.reason().contains("unlocked, payload 16384 B, 3 writers, torn frames: 505 "), c10.reason());
        Evidence torn = c10.evidence().stream().filter(e -> e.key().contains("unlocked") && e.key().contains("16384")).findFirst().orElseThrow();
        assertEquals(504.5, torn.score(), 1e-9);
    }

    @Test
    void c13ShowsTheLatencyOfOneRequestFromTheSampleModeBenchmark() {
        String c13 = analysis.verdicts().get("C13").reason();
        assertTrue(c13.contains("latency of one request (IoBoundBench.latency, sample mode)"), c13);
        assertTrue(c13.contains("latency at concurrency 1000, VIRTUAL (capacity each trial's formula, not reported): mean: ")
                && c13.contains("p99 "), c13);
        assertTrue(md.contains("| IoBoundBench.latency | sample |"), "the latency rows are in every number");
    }

    @Test
    void secondaryCountersInTheTableOfEveryNumberArePerIteration() {
        String row = md.lines().filter(l -> l.startsWith("| CpuBoundBench.poolSweep |") && l.contains("poolSize=1,")).findFirst().orElseThrow();
        // rawData 67.05 and 67.70 MiB; JMH's score 134.75 is their sum
        assertTrue(row.contains("poolRssMb 67.4 ± ? per iteration"), row);
        assertFalse(row.contains("135"), row);
    }

    @Test
    void theAnswersAndCrossoversUseTheBenchmarksOwnNamesAndUnits() {
        assertTrue(md.contains("| I/O-bound, 100 ms wait per request | 10 – 1000 |"), "I/O answer as a concurrency range");
        assertTrue(md.contains("| mixed, 1 ms tasks | 0 – 0.99 |"), "mixed answer as a wait-fraction range");
        assertTrue(md.contains("a platform pool of 2 (formula)"), "formula pools are resolved to their size");
        String x6 = String.join("\n", analysis.crossovers().get("X6").details());
        assertTrue(x6.contains("starting one child JVM (SpawnBench.childWorker): "), x6);
        assertTrue(analysis.crossovers().get("X6").summary().matches(".*≈ [0-9.]+ (ms|s) of work.*"), analysis.crossovers().get("X6").summary());
        assertTrue(analysis.verdicts().get("C14").servedBy().contains("RoundTripBench"), "C14 reads C6's handoffs and says so");
    }
}
