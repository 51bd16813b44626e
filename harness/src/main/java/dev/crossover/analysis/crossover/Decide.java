package dev.crossover.analysis.crossover;

import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinding.Decision;
import dev.crossover.analysis.CrossoverFinding.Status;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Refinement;

import java.util.function.DoubleFunction;

/** Turns one curve pair's result into a decision and its sentence, alike for every rule. */
final class Decide {

    private Decide() {
    }

    /** The first crossing after which {@code label} leads, or null. */
    static Crossing firstWhereLeads(CrossoverResult r, String label) {
        return r.crossings().stream().filter(c -> c.leaderAfter().equals(label)).findFirst().orElse(null);
    }

    /**
     * The decision on where {@code after} takes the lead in {@code r}, using {@code c} (the crossing,
     * possibly from a model) when given.
     */
    static Decision of(CrossoverInput in, BenchmarkRef ref, String subject, CrossoverResult r, Crossing c, String after,
                       Refinement.Proposal proposal, DoubleFunction<String> x) {
        String param = r.xParam();
        if (c == null && r.commonPoints() < 2) {
            return new Decision(subject, Status.UNRESOLVED, null, Double.NaN, (r.commonPoints() == 0 ? "no " + param
                    : "only one " + param + " (" + x.apply(r.xMin()) + ")") + " measured for both: a crossover needs two or more");
        }
        if (c != null) {
            String where = c.loOpen() || c.hiOpen() ? param + " " + (c.loOpen() ? "≤ " + x.apply(c.hi()) : "≥ " + x.apply(c.lo()))
                    + " (" + c.intervalText() + ")"
                    : param + " ≈ " + x.apply(c.x()) + " (" + c.intervalText() + "; " + c.basis().text() + ")";
            if (c.fromTie()) {
                where += ": level within " + Math.round(r.threshold() * 100) + "% before, ahead by more after";
            }
            if (!c.resolved() && !c.errorsUnknown()) {
                return new Decision(subject, Status.UNRESOLVED, c, c.x(), where + "; " + in.unresolved(ref, proposal));
            }
            return new Decision(subject, Status.LOCATED, c, c.x(), where);
        }
        if (after.equals(r.leaderAtStart())) {
            return new Decision(subject, Status.FROM_START, null, r.xMin(),
                    "already at the smallest " + param + " measured (" + x.apply(r.xMin()) + ")");
        }
        if (r.tieEverywhere()) {
            return new Decision(subject, Status.TIE, null, Double.NaN, "a tie (within " + Math.round(r.threshold() * 100)
                    + "%) at every " + param + " from " + Fmt.num(r.xMin()) + " to " + Fmt.num(r.xMax()) + ": no crossover");
        }
        if (r.leaderAtEnd() == null && r.steps().stream().anyMatch(s -> s.state() == CrossoverResult.State.UNRESOLVED)) {
            return new Decision(subject, Status.UNRESOLVED, null, Double.NaN, "no point shows it clearly ("
                    + r.statesText() + "); " + in.unresolved(ref, proposal));
        }
        return new Decision(subject, Status.NOT_REACHED, null, Double.NaN,
                "not reached between " + param + " = " + Fmt.num(r.xMin()) + " and " + Fmt.num(r.xMax()));
    }
}
