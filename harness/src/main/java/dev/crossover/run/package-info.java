/**
 * Running the suite: discovering the benchmarks JMH generated, building the sweep plan of a preset,
 * one JMH {@code Runner} call per group, progress, leftover checks and the run directory.
 */
package dev.crossover.run;
