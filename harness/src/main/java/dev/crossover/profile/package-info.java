/**
 * What a benchmark costs beside its speed, read from the operating system: CPU time, memory and
 * context switches of the benchmark JVM and every process it started ({@link dev.crossover.profile.CostProfiler}).
 */
package dev.crossover.profile;
