package dev.crossover.analysis.crossover;

import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.Refinement;

import java.util.ArrayList;
import java.util.List;

/** What a crossover rule gathers, curve pair by curve pair, before it makes its finding. */
final class Gathered {
    /** One line per curve pair or point, for the report's detail list. */
    final List<String> details = new ArrayList<>();
    /** One short phrase per subject, joined into the finding's summary. */
    final List<String> parts = new ArrayList<>();
    /** The curve pairs compared. */
    final List<CrossoverResult> results = new ArrayList<>();
    /** Where the chart marks a crossing. */
    final List<Crossing> marks = new ArrayList<>();
    /** Points that would narrow an interval. */
    final List<Refinement.Proposal> refine = new ArrayList<>();
    /** The decisions, as data. */
    final List<CrossoverFinding.Decision> decisions = new ArrayList<>();
}
