package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;

/**
 * A figure a verdict reports: a labelled number with its evidence.
 *
 * @param label  what it is, e.g. {@code pipeFramed} or {@code payload 16384 B, 3 writers}
 * @param value  the number, its JMH error, unit and result key
 * @param detail further numbers of the same result (percentiles, counters), or empty
 */
public record Figure(String label, Evidence value, String detail) {

    public Figure {
        detail = detail == null ? "" : detail;
    }

    static Figure of(String label, Evidence value) {
        return new Figure(label, value, "");
    }
}
