package dev.crossover.run;

/**
 * A group that did not run cleanly, as written to {@code failures.json}.
 *
 * @param group   the group id ({@code CpuBoundBench.poolSweep})
 * @param kind    {@code error} (JMH stopped), {@code missing-results} (configurations without a result),
 *                {@code failed-forks} (forks failed, but every configuration kept a result from the others),
 *                {@code leftover-processes}, {@code leftover-files}
 * @param message what happened and where to look
 */
public record GroupFailure(String group, String kind, String message) {
}
