/**
 * What benchmarks and harness both read about the study notes' claims: the {@link
 * dev.crossover.claims.Serves} annotation on benchmark classes, the {@link
 * dev.crossover.claims.ClaimsCatalog} (the one source of claim and crossover IDs and texts), the
 * verdict kinds, and {@link dev.crossover.claims.BenchRef}, the checked reference by which a rule
 * names the results it reads.
 */
package dev.crossover.claims;
