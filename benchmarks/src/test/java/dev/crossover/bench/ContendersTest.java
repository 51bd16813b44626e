package dev.crossover.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A contender whose task throws ends its round with the error instead of leaving the round waiting forever. */
class ContendersTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aContenderThatThrowsFailsTheRoundWithItsError() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Contenders.ThreadRounds rounds = new Contenders.ThreadRounds(4, id -> {
            runs.incrementAndGet();
            if (id == 2 && runs.get() > 4) {
                throw new IllegalStateException("released more often than acquired");
            }
        })) {
            rounds.round();
            assertEquals(4, runs.get(), "every contender ran once in the first round");
            IllegalStateException e = assertThrows(IllegalStateException.class, rounds::round);
            assertTrue(e.getMessage().contains("a contender thread failed") && e.getMessage().contains("released more often than acquired"),
                    e.getMessage());
        }
    }
}
