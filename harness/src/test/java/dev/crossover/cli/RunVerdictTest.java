package dev.crossover.cli;

import dev.crossover.run.Preset;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunVerdictTest {

    static final Path RUN = Path.of("results/runs/20261127-030000");
    static final Path BASE = Path.of("results/baseline/quick-25-2c-x");

    @Test
    void cleanRunPasses() {
        RunCommand.Verdict v = RunCommand.verdict(0, 0, 0, 0, Preset.QUICK, RUN, null);
        assertEquals(ExitCodes.OK, v.status());
        assertTrue(v.failures().isEmpty());
    }

    @Test
    void benchmarkErrorWinsAndEveryFailureIsNamed() {
        RunCommand.Verdict v = RunCommand.verdict(2, 1, 2, 1, Preset.QUICK, RUN, BASE);
        assertEquals(ExitCodes.BENCHMARK_ERROR, v.status());
        assertEquals(3, v.failures().size(), v.failures().toString());
        assertTrue(v.failures().get(0).contains("benchmark error: 2 failure(s) in 1 group(s)"));
        assertTrue(v.failures().get(1).contains("regression against " + BASE));
        assertTrue(v.failures().get(2).contains("bad input: the report"));
    }

    @Test
    void regressionGatesExceptInSmoke() {
        assertEquals(ExitCodes.REGRESSION, RunCommand.verdict(0, 0, 0, 1, Preset.QUICK, RUN, BASE).status());
        RunCommand.Verdict smoke = RunCommand.verdict(0, 0, 0, 1, Preset.SMOKE, RUN, BASE);
        assertEquals(ExitCodes.OK, smoke.status());
        assertTrue(smoke.notes().get(0).contains("never gates"));
        assertEquals(ExitCodes.OK, RunCommand.verdict(0, 0, 0, 2, Preset.SMOKE, RUN, BASE).status());
        assertEquals(ExitCodes.BAD_INPUT, RunCommand.verdict(0, 0, 0, 2, Preset.FULL, RUN, BASE).status());
    }

    @Test
    void aReportThatCannotBeWrittenIsBadInput() {
        RunCommand.Verdict v = RunCommand.verdict(0, 0, 2, 0, Preset.SMOKE, RUN, null);
        assertEquals(ExitCodes.BAD_INPUT, v.status());
        assertTrue(v.failures().get(0).contains("report could not be written"));
    }
}
