package dev.crossover.report;

import dev.crossover.analysis.Analysis;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report says what adaptive refinement did in the run, under the crossover it refined. */
class RefinementReportTest {

    @Test
    void theReportListsRefinementsUnderTheirCrossover(@TempDir Path dir) throws Exception {
        Path fixture = Path.of("src/test/resources/fixtures/run-2core");
        try (var files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("refinements.json"), """
                {"preset": "quick", "budgetSeconds": 180, "entries": [
                  {"crossover": "X2", "what": "X2 PROCESS_PIPE 90% of THREADS", "benchmark": "CpuBoundBench.taskSizeSweep",
                   "param": "taskUnits", "values": ["178", "316"], "status": "ran", "why": "crossing between grid points",
                   "file": "jmh-refine-1.json"},
                  {"crossover": "X6", "what": "X6", "benchmark": "ColdStartBench.job", "param": "jobUnits", "values": ["177828"],
                   "status": "skipped", "why": "needs ~4m", "command": "scripts/crossover run --preset quick --no-refine"}]}
                """);
        ReportGenerator.Written w = ReportGenerator.write(Analysis.of(RunData.load(List.of(dir))), dir);
        String md = Files.readString(w.markdown());
        int x2 = md.indexOf("### X2");
        int x3 = md.indexOf("### X3");
        int line = md.indexOf("ran: X2 PROCESS_PIPE 90% of THREADS, taskUnits = 178, 316");
        assertTrue(x2 >= 0 && line > x2 && line < x3, "the refinement line sits under X2");
        assertTrue(md.contains("skipped: X6, jobUnits = 177828 — needs ~4m; to run it: `scripts/crossover run --preset quick --no-refine`"), md);
        assertFalse(md.substring(x3, md.indexOf("### X4")).contains("Adaptive refinement in this run"));
    }
}
