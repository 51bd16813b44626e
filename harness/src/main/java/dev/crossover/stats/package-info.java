/**
 * The one statistics core of Crossover. The fork is the unit of evidence: every interval, tie and
 * win in a report, an answer, a crossover, {@code advise} and {@code compare} comes from fork means,
 * never from JMH's iteration-based score error.
 */
package dev.crossover.stats;
