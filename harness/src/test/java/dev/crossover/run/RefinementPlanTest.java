package dev.crossover.run;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Refinement;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.Options;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adaptive refinement in the run: which proposals run within the budget, and exactly which configurations they run. */
class RefinementPlanTest {

    private static final String TASK_SIZE = "CpuBoundBench.taskSizeSweep";

    private static Map<String, String> taskSizePoint(String executor) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("executor", executor);
        m.put("poolSize", "2");
        m.put("kernel", "cpu");
        m.put("sweep", "size");
        return m;
    }

    /** A crossing between PROCESS_PIPE and THREADS, as CrossoverRules proposes it. */
    private static Refinement.Proposal x2(String... values) {
        return new Refinement.Proposal("X2", TASK_SIZE, "taskUnits", List.of(values), "X2 PROCESS_PIPE 90% of THREADS", "thrpt",
                List.of(taskSizePoint("PROCESS_PIPE"), taskSizePoint("THREADS")), null);
    }

    private static SweepPlan quickPlan() throws PlanException {
        return SweepPlan.build(SweepPlan.Request.of(Preset.QUICK), Catalogs.contractLike(), Sizing.ofCores(2));
    }

    @Test
    void aProposalRunsTheBracketingPointsParamsAtTheNewValuesAndNothingElse() throws Exception {
        SweepPlan plan = quickPlan();
        RefinementPlan rp = RefinementPlan.choose(List.of(x2("316", "562")), plan, Catalogs.contractLike(), 1e9);
        assertEquals(1, rp.runs().size(), rp.skipped().toString());
        SweepPlan.Group g = rp.runs().getFirst().group();
        assertEquals("jmh-refine-1.json", g.resultFileName());
        // two curves × two new values: the four points the crossing needs, not the declared executors or task sizes
        assertEquals(4, g.configurations());
        SuiteRun run = new SuiteRun(plan, Catalogs.contractLike(), Sizing.ofCores(2), JmhPassThrough.none(), JdkCheck.current(),
                false, Path.of("unused"), new PrintStream(new ByteArrayOutputStream()));
        Options o = run.options(g, Path.of("jmh-refine-1.json"));
        Map<String, List<String>> passed = new LinkedHashMap<>();
        for (String name : List.of("executor", "poolSize", "kernel", "sweep", "taskUnits")) {
            passed.put(name, new ArrayList<>(o.getParameter(name).get()));
        }
        assertEquals(Map.of("executor", List.of("PROCESS_PIPE", "THREADS"), "poolSize", List.of("2"), "kernel", List.of("cpu"),
                "sweep", List.of("size"), "taskUnits", List.of("316", "562")), passed);
        assertEquals(List.of("^\\Qdev.crossover.bench.CpuBoundBench\\E\\.(taskSizeSweep)$"), o.getIncludes());
        assertEquals(Set.of(Mode.Throughput), o.getBenchModes());
        // the preset's settings, as for the planned groups
        SweepPlan.Group planned = plan.groups().stream().filter(x -> x.methods().contains("taskSizeSweep")).findFirst().orElseThrow();
        assertEquals(planned.settings(), g.settings());
        assertEquals(3, o.getForkCount().get());
        // every group measures cost beside speed
        assertEquals(List.of("dev.crossover.profile.CostProfiler"), o.getProfilers().stream().map(p -> p.getKlass()).toList());
    }

    @Test
    void proposalsBeyondTheBudgetAreSkippedWithTheCommandThatRunsThem() throws Exception {
        SweepPlan plan = quickPlan();
        // quick: 3 forks of (1 s start + 0.5 s warmup + 2 × 0.5 s) = 7.5 s per configuration
        Refinement.Proposal big = x2("316", "562");                     // 4 configurations, 30 s
        Refinement.Proposal bigger = x2("3162", "5623", "7000");       // 6 configurations, 45 s
        Refinement.Proposal small = new Refinement.Proposal("X1", "CpuBoundBench.poolSweep", "poolSize", List.of("3"),
                "X1 THREADS", "thrpt", List.of(Map.of("executor", "THREADS", "taskUnits", "1000", "kernel", "cpu")), null);
        RefinementPlan rp = RefinementPlan.choose(List.of(big, bigger, small), plan, Catalogs.contractLike(), 50);
        assertEquals(List.of(big, small), rp.runs().stream().map(RefinementPlan.Planned::proposal).toList());
        assertEquals(30.0, rp.runs().getFirst().group().estimateSeconds(), 1e-9);
        assertEquals(List.of("refine-1", "refine-2"), rp.runs().stream().map(r -> r.group().id()).toList());
        assertEquals(1, rp.skipped().size());
        RefinementPlan.Skipped s = rp.skipped().getFirst();
        assertEquals(bigger, s.proposal());
        assertTrue(s.why().contains("budget"), s.why());
        assertEquals("scripts/crossover run --preset quick --no-refine --include '^CpuBoundBench\\.taskSizeSweep$' --jmh "
                + "\"-p executor=PROCESS_PIPE,THREADS -p poolSize=2 -p kernel=cpu -p sweep=size -p taskUnits=3162,5623,7000\"",
                s.command());

        RefinementPlan none = RefinementPlan.choose(List.of(big, small), plan, Catalogs.contractLike(), 0);
        assertTrue(none.runs().isEmpty());
        assertEquals(2, none.skipped().size());
    }

    @Test
    void pointsThatDifferInMoreThanTheSeriesAreSkippedRatherThanMultiplied() throws Exception {
        Map<String, String> other = taskSizePoint("THREADS");
        other.put("poolSize", "4");
        Refinement.Proposal p = new Refinement.Proposal("X2", TASK_SIZE, "taskUnits", List.of("316"), "X2 odd", "thrpt",
                List.of(taskSizePoint("PROCESS_PIPE"), other), null);
        Refinement.Proposal blocked = new Refinement.Proposal("X4", "MixedBench.mixed", "waitFraction", List.of("0.7"), "X4 formula vs cores",
                "thrpt", List.of(), "pool formula is sized from the wait fraction, so each new point needs its own size");
        RefinementPlan rp = RefinementPlan.choose(List.of(p, blocked), quickPlan(), Catalogs.contractLike(), 1e9);
        assertTrue(rp.runs().isEmpty());
        assertTrue(rp.skipped().getFirst().why().contains("more than one param"), rp.skipped().getFirst().why());
        assertEquals(blocked.blocker(), rp.skipped().get(1).why());
        assertNull(rp.skipped().get(1).command());
    }

    @Test
    void smokeNeverRefinesAndNoRefineTurnsItOff() throws Exception {
        assertEquals(0, RefinementPlan.budgetSeconds(Preset.SMOKE));
        assertFalse(RefinementPlan.enabled(Preset.SMOKE, false));
        assertTrue(RefinementPlan.enabled(Preset.QUICK, false));
        assertTrue(RefinementPlan.enabled(Preset.FULL, false));
        assertFalse(RefinementPlan.enabled(Preset.QUICK, true));
        assertTrue(RefinementPlan.budgetSeconds(Preset.FULL) > RefinementPlan.budgetSeconds(Preset.QUICK));
        SweepPlan smoke = SweepPlan.build(SweepPlan.Request.of(Preset.SMOKE), Catalogs.contractLike(), Sizing.ofCores(2));
        RefinementPlan rp = RefinementPlan.choose(List.of(x2("316")), smoke, Catalogs.contractLike(),
                RefinementPlan.budgetSeconds(Preset.SMOKE));
        assertTrue(rp.runs().isEmpty());
    }

    @Test
    void theAnalysisProposesTheBracketingPointsParamsOfBothComparedCurves() throws Exception {
        Analysis a = Analysis.of(RunData.load(List.of(Path.of("src/test/resources/fixtures/run-2core"))));
        Refinement.Proposal p = a.crossovers().get("X2").refine().getFirst();
        assertNull(p.blocker());
        assertEquals("thrpt", p.mode());
        assertEquals("taskUnits", p.xParam());
        TreeSet<String> executors = new TreeSet<>();
        for (Map<String, String> m : p.fixed()) {
            assertFalse(m.containsKey("taskUnits"), m.toString());
            assertEquals("2", m.get("poolSize"));
            executors.add(m.get("executor"));
        }
        assertEquals(Set.of("PROCESS_PIPE", "THREADS"), executors);
        Map<String, List<String>> params = RefinementPlan.params(p);
        assertEquals(p.values(), params.get("taskUnits"));
        assertEquals(List.of("2"), params.get("poolSize"));
    }
}
