package dev.crossover.bench;

import dev.crossover.analysis.Answers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The decision map places mixed tasks by their compute and wait: it must know MixedBench's task length. */
class MixedTaskLengthTest {

    @Test
    void theDecisionMapAssumesTheTaskLengthMixedBenchRuns() {
        assertEquals(MixedBench.TASK_MICROS, Answers.MIXED_TASK_MICROS,
                "MixedBench.TASK_MICROS changed: change Answers.MIXED_TASK_MICROS with it");
    }
}
