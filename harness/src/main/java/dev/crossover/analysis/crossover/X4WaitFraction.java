package dev.crossover.analysis.crossover;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Crossing;
import dev.crossover.analysis.CrossoverFinder;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.CrossoverResult;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * X4: the wait fraction at which a pool larger than the core count starts to pay on mixed
 * compute/wait tasks, and whether the blocking formula predicts the best measured size. Each
 * larger pool is compared with the cores-sized one at every wait fraction on fork means; ties
 * within the practical threshold are not crossings. When the benchmark publishes the wait it
 * achieved ({@value #WAIT_NANOS} and {@value #COMPUTE_NANOS} counters), the wait fraction is the
 * achieved one, W ÷ (W + C); otherwise the nominal {@code waitFraction} param, and the text says so.
 */
public final class X4WaitFraction implements CrossoverRule {

    /** Mixed tasks, per wait fraction and pool size. */
    public static final BenchmarkRef MIXED = BenchmarkRef.of("MixedBench", "mixed", "thrpt")
            .with(ParamNames.POOL_SIZE, "cores", "formula", "2*formula", "virtual");

    /** Every benchmark X4 reads. */
    public static final List<BenchmarkRef> REFERENCES = List.of(MIXED);

    /** Secondary metric: nanoseconds the tasks spent waiting, summed per iteration. */
    public static final String WAIT_NANOS = "waitNanos";

    /** Secondary metric: nanoseconds the tasks spent computing, summed per iteration. */
    public static final String COMPUTE_NANOS = "computeNanos";

    @Override
    public String id() {
        return "X4";
    }

    @Override
    public List<BenchmarkRef> references() {
        return REFERENCES;
    }

    @Override
    public CrossoverFinding find(CrossoverInput in) {
        Map<String, Curve> curves = in.curves("X4", MIXED, ParamNames.WAIT_FRACTION, ParamNames.POOL_SIZE, r -> true);
        Curve cores = curves.values().stream().filter(c -> in.isCores(c.label())).findFirst().orElse(null);
        if (cores == null) {
            return in.missing("X4", "MixedBench.mixed with poolSize = cores and larger pools");
        }
        Map<String, Double> achieved = achieved(in.served("X4"));
        boolean measured = !achieved.isEmpty();
        Gathered g = new Gathered();
        boolean found = false;
        for (Curve c : curves.values()) {
            if (c == cores) {
                continue;
            }
            CrossoverResult r = CrossoverFinder.find(c, cores);
            g.results.add(r);
            Crossing x = Decide.firstWhereLeads(r, c.label());
            Refinement.Proposal prop = in.refine("X4 " + c.label() + " vs " + cores.label(), x, false, c, cores);
            if (prop != null) {
                g.refine.add(prop);
            }
            // the decision on the achieved axis when the counters are there; refinement runs on the nominal param
            Crossing onAxis = measured ? toAchieved(x, achieved, c, cores) : x;
            CrossoverFinding.Decision d = Decide.of(in, MIXED, c.label() + " vs " + cores.label(), r, onAxis, c.label(), prop,
                    v -> Fmt.num(v) + (measured ? " achieved" : " nominal"));
            g.decisions.add(d);
            if (x != null) {
                g.marks.add(x);
            }
            found |= d.status() == CrossoverFinding.Status.LOCATED || d.status() == CrossoverFinding.Status.FROM_START;
            g.details.add("pool " + c.label() + " vs " + cores.label() + ": " + d.text() + " (" + r.statesText() + ")");
            g.parts.add(c.label() + switch (d.status()) {
                case LOCATED -> " from waitFraction ≈ " + Fmt.num(onAxis.x()) + " [" + Fmt.num(onAxis.lo()) + " – " + Fmt.num(onAxis.hi()) + "]";
                case UNRESOLVED -> ": unresolved at " + in.preset() + " settings (" + (onAxis == null ? "no point shows it clearly" : onAxis.loOpen() ? "≤ " + Fmt.num(onAxis.hi())
                        : "≥ " + Fmt.num(onAxis.lo())) + ")";
                case FROM_START -> " from the lowest wait fraction measured";
                case TIE -> ": level with " + cores.label() + " throughout";
                default -> " never";
            });
        }
        g.details.add(measured ? "wait fractions: achieved, W ÷ (W + C) from the " + WAIT_NANOS + " and " + COMPUTE_NANOS
                + " counters (the nominal param in brackets)" : "wait fractions: nominal (the waitFraction param); this run did not publish "
                + WAIT_NANOS + "/" + COMPUTE_NANOS + ", so the wait actually achieved is unknown");
        String formulaText = formula(curves, g.details);
        g.parts.add(formulaText);
        ChartSpec chart = new ChartSpec("x4-mixed-wait-fraction.png", "X4 — mixed tasks: throughput against wait fraction per pool size",
                "wait fraction W/(W+C), " + (measured ? "nominal (achieved in the report)" : "nominal"), "tasks/s (" + cores.unit() + ")",
                new ArrayList<>(curves.values()), g.marks, null, List.of());
        return new CrossoverFinding("X4", in.title("X4"), found, "larger pools than cores pay"
                + (measured ? "" : " (nominal wait fractions)") + ": " + String.join("; ", g.parts), g.details, g.results,
                CrossoverInput.evidence(curves), chart, g.refine, g.decisions);
    }

    /** Does the formula's size come within the threshold of the best measured size at each wait fraction? */
    private static String formula(Map<String, Curve> curves, List<String> details) {
        Curve formula = curves.get("formula");
        int predicted = 0;
        int judged = 0;
        TreeSet<Double> wfs = new TreeSet<>();
        curves.values().forEach(c -> c.points().forEach(p -> wfs.add(p.x())));
        for (double wf : wfs) {
            Curve bestC = null;
            Point bestP = null;
            for (Curve c : curves.values()) {
                Point p = c.at(wf);
                if (p != null && (bestP == null || p.y() > bestP.y())) {
                    bestC = c;
                    bestP = p;
                }
            }
            if (bestP == null) {
                continue;
            }
            String line = "waitFraction " + Fmt.num(wf) + ": best pool " + bestC.label() + " " + Fmt.score(bestP.y(), bestP.error(), bestC.unit());
            if (formula != null && formula.at(wf) != null) {
                Point fp = formula.at(wf);
                if (bestC == formula) {
                    judged++;
                    predicted++;
                    line += " — the formula's size is the best measured";
                } else {
                    Difference d = Difference.of(bestP.evidence(), fp.evidence(), true, Difference.DEFAULT_THRESHOLD);
                    Outcome o = d.outcome();
                    if (o == Outcome.TIE) {
                        judged++;
                        predicted++;
                        line += "; formula " + Fmt.score(fp.y(), fp.error(), formula.unit()) + " — a tie with the best (" + d.text() + ")";
                    } else if (o == Outcome.AHEAD) {
                        judged++;
                        line += "; formula " + Fmt.score(fp.y(), fp.error(), formula.unit()) + " — the formula misses: the best is ahead by " + d.text();
                    } else {
                        line += "; formula " + Fmt.score(fp.y(), fp.error(), formula.unit()) + " — the forks cannot tell (" + d.text() + "): not judged";
                    }
                }
            }
            details.add(line);
        }
        return formula == null ? "no 'formula' pool measured"
                : judged == 0 ? "whether the blocking formula predicts the best size could not be judged"
                : "the blocking formula's size is the best or ties it at " + predicted + " of " + judged + " wait fractions judged";
    }

    /** Achieved wait fraction per result key, from the counters; empty when the run has none. */
    static Map<String, Double> achieved(List<BenchmarkResult> results) {
        Map<String, Double> out = new HashMap<>();
        for (BenchmarkResult r : results) {
            Metric w = r.secondary().get(WAIT_NANOS);
            Metric c = r.secondary().get(COMPUTE_NANOS);
            if (w != null && c != null && w.score() + c.score() > 0) {
                out.put(r.key(), w.score() / (w.score() + c.score()));
            }
        }
        return out;
    }

    /**
     * The crossing with its estimate and interval ends moved from the nominal wait fraction to the
     * achieved one (piecewise linear between the grid points, each the mean of the two pools' achieved
     * fractions there); the crossing itself when a grid point lacks the counters.
     */
    static Crossing toAchieved(Crossing c, Map<String, Double> achieved, Curve a, Curve b) {
        if (c == null) {
            return null;
        }
        List<double[]> grid = new ArrayList<>();
        for (Point p : a.points()) {
            Point q = b.at(p.x());
            if (q == null) {
                continue;
            }
            Double wa = achieved.get(p.key());
            Double wb = achieved.get(q.key());
            if (wa == null || wb == null) {
                return c;
            }
            grid.add(new double[]{p.x(), (wa + wb) / 2});
        }
        java.util.function.DoubleUnaryOperator f = v -> {
            for (int i = 0; i + 1 < grid.size(); i++) {
                double[] g0 = grid.get(i);
                double[] g1 = grid.get(i + 1);
                if (v >= g0[0] && v <= g1[0]) {
                    double t = g1[0] == g0[0] ? 0 : (v - g0[0]) / (g1[0] - g0[0]);
                    return g0[1] + t * (g1[1] - g0[1]);
                }
            }
            return v <= grid.getFirst()[0] ? grid.getFirst()[1] : grid.getLast()[1];
        };
        return new Crossing(f.applyAsDouble(c.x()), f.applyAsDouble(c.lo()), f.applyAsDouble(c.hi()), c.loOpen(), c.hiOpen(),
                c.gridHit(), f.applyAsDouble(c.bracketLo()), f.applyAsDouble(c.bracketHi()), c.leaderBefore(), c.leaderAfter(),
                c.errorsUnknown(), c.basis(), c.fromTie());
    }
}
