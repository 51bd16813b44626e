package dev.crossover.cli;

import dev.crossover.run.Sizing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvCommandTest {

    @Test
    void showsTheBudgetTheSizesAndWhy() {
        Sizing s = Sizing.ofCores(4);
        String text = EnvCommand.render(s);
        assertTrue(text.contains("CPU budget: 4 cores"), text);
        assertTrue(text.contains("2*cores    = 8"), text);
        assertTrue(text.contains("cores/2    = 2"), text);
        assertTrue(text.contains("formula    = " + s.resolve("formula", 9) + "   at wait fraction 0.90"), text);
        for (String why : s.budget().explanation()) {
            assertTrue(text.contains("why: " + why), text);
        }
        assertTrue(text.contains("Child worker JVM options: the benchmark fork's GC, heap and -XX flags"), "child JVM options shown: " + text);
    }
}
