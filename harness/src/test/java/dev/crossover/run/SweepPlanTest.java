package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepPlanTest {

    static final Sizing TWO = Sizing.ofCores(2);

    static SweepPlan plan(Preset p) throws PlanException {
        return SweepPlan.build(SweepPlan.Request.of(p), Catalogs.contractLike(), TWO);
    }

    static SweepPlan.Group group(SweepPlan plan, String id) {
        return plan.groups().stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + id + " in " + plan.groups().stream().map(SweepPlan.Group::id).toList()));
    }

    @Test
    void smokeRunsEveryClassOnceAtOneConfigurationWithOneFork() throws PlanException {
        SweepPlan plan = plan(Preset.SMOKE);
        Set<String> classes = Catalogs.contractLike().stream().map(BenchmarkInfo::className).collect(Collectors.toSet());
        assertEquals(classes, plan.groups().stream().map(SweepPlan.Group::className).collect(Collectors.toSet()));
        for (SweepPlan.Group g : plan.groups()) {
            g.params().forEach((k, v) -> assertEquals(1, v.size(), g.id() + " " + k + " " + v));
            assertEquals(1, g.modes().size(), g.id() + " runs one mode");
            assertEquals(1, g.settings().forks());
            assertEquals(1, g.settings().measurementIterations());
        }
        // RoundTripBench: 6 methods, one mode each.
        SweepPlan.Group rt = group(plan, "RoundTripBench");
        assertEquals(6, rt.configurations());
        assertTrue(rt.forceMode());
        // Cheapest values: smallest numbers, a process executor, the smallest pool.
        SweepPlan.Group io = group(plan, "IoBoundBench.requests");
        assertEquals(List.of("1"), io.params().get("concurrency"));
        assertEquals(List.of("PROCESS"), io.params().get("executor"));
        assertEquals(List.of("1"), group(plan, "CpuBoundBench.poolSweep").params().get("poolSize"));
        assertEquals(List.of("8"), group(plan, "TransportThroughputBench").params().get("payload"));
    }

    @Test
    void fullResolvesSizesToNumbersAndRunsEachNumberOnce() throws PlanException {
        SweepPlan plan = plan(Preset.FULL);
        SweepPlan.Group pool = group(plan, "CpuBoundBench.poolSweep");
        // 1, cores/2 (=1 on 2 cores, so dropped), cores=2, 2*cores=4, 4*cores=8
        assertEquals(List.of("1", "2", "4", "8"), pool.params().get("poolSize"));
        assertEquals(4 * 4, pool.configurations());
        assertEquals(1, plan.sizes().get("cores/2"));
        assertEquals(8, plan.sizes().get("4*cores"));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("cores/2") && n.contains("runs once")), plan.notes().toString());
        assertEquals(List.of("1", "2", "4"), group(plan, "LockBench").params().get("contenders"));
        // Both modes of the I/O sweep, every executor and concurrency.
        SweepPlan.Group io = group(plan, "IoBoundBench.requests");
        assertEquals(List.of(Mode.Throughput, Mode.SampleTime), io.modes());
        assertFalse(io.forceMode());
        assertEquals(7 * 5 * 2, io.configurations());
        // Same param names, other declared values: its own group, swept over its own values only.
        SweepPlan.Group latency = group(plan, "IoBoundBench.latency");
        assertEquals(List.of("1", "1000"), latency.params().get("concurrency"));
        assertEquals(2 * 2, latency.configurations());
        plan.groups().forEach(g -> assertEquals(3, g.settings().forks()));
    }

    @Test
    void methodsWithDifferentParamsAreSeparateGroupsSoNothingIsMultiplied() throws PlanException {
        SweepPlan plan = plan(Preset.FULL);
        SweepPlan.Group sizeSweep = group(plan, "CpuBoundBench.taskSizeSweep");
        assertEquals(List.of("taskSizeSweep"), sizeSweep.methods());
        assertEquals(List.of("2"), sizeSweep.params().get("poolSize"));
        assertEquals(4 * 5, sizeSweep.configurations());
        Pattern p = Pattern.compile(sizeSweep.includeRegex());
        assertTrue(p.matcher("dev.crossover.bench.CpuBoundBench.taskSizeSweep").find());
        assertFalse(p.matcher("dev.crossover.bench.CpuBoundBench.poolSweep").find());
        assertFalse(p.matcher("dev.crossover.bench.CpuBoundBench.taskSizeSweepX").find());
        Set<String> files = new HashSet<>();
        plan.groups().forEach(g -> assertTrue(files.add(g.resultFileName()), "duplicate file " + g.resultFileName()));
    }

    @Test
    void formulaSizesAreResolvedPerWaitFraction() throws PlanException {
        SweepPlan plan = plan(Preset.FULL);
        List<SweepPlan.Group> mixed = plan.groups().stream().filter(g -> g.className().endsWith("MixedBench")).toList();
        assertEquals(4, mixed.size(), "one group per wait fraction");
        for (SweepPlan.Group g : mixed) {
            String wfText = g.params().get("waitFraction").get(0);
            double wf = Double.parseDouble(wfText);
            double woc = SweepPlan.waitOverCompute(wf);
            List<String> expected = java.util.stream.Stream.of(
                            Integer.toString(TWO.resolve("cores", 0)), Integer.toString(TWO.resolve("formula", woc)),
                            Integer.toString(TWO.resolve("2*formula", woc)), "virtual")
                    .distinct().toList();
            assertEquals(expected, g.params().get("poolSize"), g.id());
            assertEquals(Integer.valueOf(TWO.resolve("formula", woc)), plan.sizes().get("formula (waitFraction=" + wfText + ")"),
                    plan.sizes().toString());
        }
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("'virtual'") && n.contains("unchanged")));
    }

    @Test
    void waitOverComputeHasNoFloatingPointTail() {
        assertEquals(9.0, SweepPlan.waitOverCompute(0.9));
        assertEquals(99.0, SweepPlan.waitOverCompute(0.99));
        assertEquals(0.0, SweepPlan.waitOverCompute(0));
        assertEquals(TWO.resolve("formula", 9), TWO.resolve("formula", SweepPlan.waitOverCompute(0.9)));
    }

    @Test
    void quickRunsTheCrossoverSweepsInFullAndOneConfigurationOfTheRest() throws PlanException {
        SweepPlan quick = plan(Preset.QUICK);
        SweepPlan full = plan(Preset.FULL);
        for (SweepPlan.Group g : quick.groups()) {
            // the sample-time tails and a method no crossover rule reads gate regressions at one configuration
            boolean crossover = g.serves().stream().anyMatch(s -> s.startsWith("X")) && !g.id().equals("IoBoundBench.latency")
                    && !g.id().equals("CpuBoundBench.singleThread");
            if (crossover) {
                SweepPlan.Group f = group(full, g.id());
                Map<String, List<String>> expected = new java.util.LinkedHashMap<>(f.params());
                // The crossover rules read these executors; the others serve claims and run in full.
                if (g.id().equals("IoBoundBench.requests")) {
                    expected.put("executor", List.of("FIXED_CORES", "FIXED_FORMULA", "VIRTUAL"));
                } else if (g.id().equals("CpuBoundBench.taskSizeSweep")) {
                    expected.put("executor", List.of("THREADS", "PROCESS_PIPE", "PROCESS_SHM"));
                }
                assertEquals(expected, g.params(), g.id());
                int combos = g.params().values().stream().mapToInt(List::size).reduce(1, (a, c) -> a * c);
                int fullCombos = f.params().values().stream().mapToInt(List::size).reduce(1, (a, c) -> a * c);
                assertEquals(f.configurations() / f.modes().size() / fullCombos * combos, g.configurations(),
                        g.id() + ": the first mode only");
                assertEquals(List.of(f.modes().get(0)), g.modes());
            } else {
                g.params().forEach((k, v) -> assertEquals(1, v.size(), g.id() + " " + k));
            }
            assertEquals(crossover ? 3 : 2, g.settings().forks(), g.id() + ": sweeps get 3 forks, the gating set 2");
        }
        assertEquals(1, group(quick, "IoBoundBench.latency").configurations(), "sample-time tails are full's job");
        assertTrue(plan(Preset.SMOKE).estimateSeconds() < quick.estimateSeconds());
        assertTrue(quick.configurations() < full.configurations());
    }

    @Test
    void quickNarrowsASweepToTheCrossoversSelectedUnlessAClaimOfItIsNamed() throws PlanException {
        SweepPlan x3 = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, null, List.of("X3"), null, Map.of(), null),
                Catalogs.contractLike(), TWO);
        assertEquals(List.of("FIXED_CORES", "FIXED_FORMULA", "VIRTUAL"), group(x3, "IoBoundBench.requests").params().get("executor"));
        assertTrue(x3.notes().stream().anyMatch(n -> n.contains("[THREAD_PER_TASK, VIRTUAL_CAPPED, VIRTUAL_CAPPED_HALF, PROCESS]")
                && n.contains("full runs them")), String.valueOf(x3.notes()));
        SweepPlan c13 = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, null, List.of("C13"), null, Map.of(), null),
                Catalogs.contractLike(), TWO);
        assertEquals(7, group(c13, "IoBoundBench.requests").params().get("executor").size(), "C13 reads every executor");
        SweepPlan userChoice = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, null, List.of(), null,
                Map.of("executor", List.of("PROCESS")), null), Catalogs.contractLike(), TWO);
        assertEquals(List.of("PROCESS"), group(userChoice, "IoBoundBench.requests").params().get("executor"), "-p wins");
    }

    @Test
    void includeAndClaimsSelectGroups() throws PlanException {
        SweepPlan byName = SweepPlan.build(new SweepPlan.Request(Preset.FULL, "CpuBound.*Sweep", List.of(), null, Map.of(), null),
                Catalogs.contractLike(), TWO);
        assertEquals(List.of("CpuBoundBench.poolSweep", "CpuBoundBench.taskSizeSweep"),
                byName.groups().stream().map(SweepPlan.Group::id).toList());
        SweepPlan byClaim = SweepPlan.build(new SweepPlan.Request(Preset.FULL, null, List.of("x3", "C15"), null, Map.of(), null),
                Catalogs.contractLike(), TWO);
        assertEquals(Set.of("IoBoundBench.requests", "IoBoundBench.latency", "LockBench"), byClaim.groups().stream().map(SweepPlan.Group::id).collect(Collectors.toSet()));
    }

    @Test
    void badRequestsNameWhatIsAccepted() {
        PlanException claim = assertThrows(PlanException.class, () -> SweepPlan.build(
                new SweepPlan.Request(Preset.QUICK, null, List.of("C17"), null, Map.of(), null), Catalogs.contractLike(), TWO));
        assertTrue(claim.getMessage().contains("C17") && claim.getMessage().contains("C1,C2"), claim.getMessage());
        PlanException unserved = assertThrows(PlanException.class, () -> SweepPlan.build(
                new SweepPlan.Request(Preset.QUICK, null, List.of("C9"), null, Map.of(), null), Catalogs.contractLike(), TWO));
        assertTrue(unserved.getMessage().contains("served: C1,C2,C3"), unserved.getMessage());
        PlanException include = assertThrows(PlanException.class, () -> SweepPlan.build(
                new SweepPlan.Request(Preset.QUICK, "NoSuchBench", List.of(), null, Map.of(), null), Catalogs.contractLike(), TWO));
        assertTrue(include.getMessage().contains("CpuBoundBench.poolSweep"), include.getMessage());
        PlanException regex = assertThrows(PlanException.class, () -> SweepPlan.build(
                new SweepPlan.Request(Preset.QUICK, "Cpu(", List.of(), null, Map.of(), null), Catalogs.contractLike(), TWO));
        assertTrue(regex.getMessage().contains("not a valid regex"), regex.getMessage());
        PlanException kernel = assertThrows(PlanException.class, () -> SweepPlan.build(
                new SweepPlan.Request(Preset.QUICK, "LockBench", List.of(), "mine", Map.of(), null), Catalogs.contractLike(), TWO));
        assertTrue(kernel.getMessage().contains("MixedBench.mixed"), kernel.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class, () -> Preset.parse("fast"));
        assertTrue(preset.getMessage().contains("smoke, quick, full"), preset.getMessage());
    }

    @Test
    void kernelAndUserParamsReachTheSweepsThatTakeThem() throws PlanException {
        SweepPlan plan = SweepPlan.build(new SweepPlan.Request(Preset.FULL, null, List.of(), "myKernel",
                Map.of("poolSize", List.of("cores", "2")), null), Catalogs.contractLike(), TWO);
        SweepPlan.Group pool = group(plan, "CpuBoundBench.poolSweep");
        assertEquals(List.of("myKernel"), pool.params().get("kernel"));
        assertEquals(List.of("2"), pool.params().get("poolSize"), "user sizes are resolved and deduplicated too");
        assertEquals(List.of("myKernel"), group(plan, "MixedBench").params().get("kernel"),
                "no formula left in the user's sizes, so no split per wait fraction");
        assertFalse(group(plan, "LockBench").params().containsKey("kernel"));
    }

    @Test
    void userForksAndIterationsWinOverThePreset() throws PlanException {
        SweepPlan plan = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, null, List.of(), null, Map.of(),
                new RunSettings(1, null, null, 2, null)), Catalogs.contractLike(), TWO);
        for (SweepPlan.Group g : plan.groups()) {
            assertEquals(1, g.settings().forks());
            assertEquals(2, g.settings().measurementIterations());
            assertEquals(Preset.QUICK.settings().warmupIterations(), g.settings().warmupIterations());
        }
        assertTrue(plan.estimateSeconds() < plan(Preset.QUICK).estimateSeconds());
    }

    /** An open-loop sweep serving X7 whose quick grid keeps two of three clients and one of two rates. */
    private static List<BenchmarkInfo> quickGridded(Map<String, List<String>> quick) {
        return List.of(new BenchmarkInfo("dev.crossover.bench.HttpOpenLoopBench", "openLoop", Mode.Throughput,
                Map.of("client", List.of("A", "B", "C"), "rate", List.of("200", "1000")), List.of("X7"), null, null, null, null, null, quick, List.of(), 0));
    }

    @Test
    void quickRunsTheGridAClassDeclaresForItAndFullEveryDeclaredValue() throws PlanException {
        List<BenchmarkInfo> all = quickGridded(Map.of("client", List.of("A", "C"), "rate", List.of("1000")));
        SweepPlan.Group quick = SweepPlan.build(SweepPlan.Request.of(Preset.QUICK), all, TWO).groups().getFirst();
        assertEquals(List.of("A", "C"), quick.params().get("client"));
        assertEquals(List.of("1000"), quick.params().get("rate"));
        assertEquals(2, quick.configurations());
        SweepPlan.Group full = SweepPlan.build(SweepPlan.Request.of(Preset.FULL), all, TWO).groups().getFirst();
        assertEquals(List.of("A", "B", "C"), full.params().get("client"));
        assertEquals(List.of("200", "1000"), full.params().get("rate"));
        SweepPlan.Group given = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, null, List.of(), null,
                Map.of("rate", List.of("200", "1000")), null), all, TWO).groups().getFirst();
        assertEquals(List.of("200", "1000"), given.params().get("rate"), "-p wins over the quick grid");
        assertEquals(List.of("A", "C"), given.params().get("client"));
    }

    @Test
    void aQuickGridValueTheClassDoesNotDeclareIsRefusedWithTheFix() {
        PlanException e = assertThrows(PlanException.class, () -> SweepPlan.build(SweepPlan.Request.of(Preset.QUICK),
                quickGridded(Map.of("rate", List.of("5000"))), TWO));
        assertTrue(e.getMessage().contains("HttpOpenLoopBench: @QuickGrid keeps rate=[5000], but the class declares rate=[200, 1000]"), e.getMessage());
        assertTrue(e.getMessage().contains("fix the @QuickGrid entry or the @Param"), e.getMessage());
    }

    @Test
    void aQuickGridNarrowsEachMethodToTheValuesItDeclaresAndAValueNoMethodDeclaresIsRefused() throws PlanException {
        Map<String, List<String>> grid = Map.of("concurrency", List.of("1", "10", "1000"));
        // requests is what X3 reads; latency and probe no crossover rule reads: one configuration each
        List<BenchmarkInfo> all = List.of(
                new BenchmarkInfo("dev.crossover.bench.IoBoundBench", "requests", Mode.Throughput,
                        Map.of("concurrency", List.of("1", "10", "100", "1000")), List.of("X3"), null, null, null, null, null, grid, List.of(), 0),
                new BenchmarkInfo("dev.crossover.bench.IoBoundBench", "latency", Mode.AverageTime,
                        Map.of("concurrency", List.of("100", "1000")), List.of("X3"), null, null, null, null, null, grid, List.of(), 0),
                new BenchmarkInfo("dev.crossover.bench.IoBoundBench", "probe", Mode.Throughput,
                        Map.of("delayMs", List.of("1", "10")), List.of("X3"), null, null, null, null, null, grid, List.of(), 0));
        SweepPlan full = SweepPlan.build(SweepPlan.Request.of(Preset.FULL), all, TWO);
        SweepPlan quick = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, "IoBoundBench", List.of(), null, Map.of(), null), all, TWO);
        Map<String, Map<String, List<String>>> byMethod = new java.util.HashMap<>();
        quick.groups().forEach(g -> byMethod.put(g.methods().getFirst(), g.params()));
        assertEquals(List.of("1", "10", "1000"), byMethod.get("requests").get("concurrency"));
        assertEquals(List.of("1000"), byMethod.get("latency").get("concurrency"), "of the grid, the values it declares; of those, one");
        assertEquals(List.of("1"), byMethod.get("probe").get("delayMs"), "a method without the param keeps its own; of those, one");
        assertTrue(full.groups().stream().anyMatch(g -> g.params().getOrDefault("concurrency", List.of()).contains("100")));

        List<BenchmarkInfo> typo = List.of(new BenchmarkInfo("dev.crossover.bench.IoBench", "requests", Mode.Throughput,
                Map.of("concurrency", List.of("1", "10")), List.of("X3"), null, null, null, null, null,
                Map.of("concurrency", List.of("1", "100")), List.of(), 0));
        PlanException e = assertThrows(PlanException.class, () -> SweepPlan.build(SweepPlan.Request.of(Preset.FULL), typo, TWO));
        assertTrue(e.getMessage().contains("IoBench: @QuickGrid keeps concurrency=[1, 100], but the class declares concurrency=[1, 10]"),
                e.getMessage());
    }

    /** A gating class of three methods whose quick grid runs two, with a setup cost per fork. */
    private static List<BenchmarkInfo> gatingClass(List<String> quickMethods, double setupSeconds) {
        return java.util.stream.Stream.of("jvmFifo", "jvmLifo", "shmFifo").map(m -> new BenchmarkInfo(
                "dev.crossover.bench.QueueBench", m, Mode.AverageTime, Map.of("takers", List.of("1", "2")), List.of("C21"),
                null, null, null, null, null, Map.of(), quickMethods, setupSeconds)).toList();
    }

    @Test
    void quickRunsTheMethodsAClassNamesFullAllAndIncludeOrAClaimOfTheClassWins() throws PlanException {
        List<BenchmarkInfo> all = gatingClass(List.of("jvmFifo", "shmFifo"), 0);
        SweepPlan quick = SweepPlan.build(SweepPlan.Request.of(Preset.QUICK), all, TWO);
        assertEquals(List.of("jvmFifo", "shmFifo"), quick.groups().getFirst().methods());
        assertEquals(2, quick.configurations(), "one configuration of each kept method");
        assertTrue(quick.notes().stream().anyMatch(n -> n.contains("QueueBench") && n.contains("[jvmLifo]")), quick.notes().toString());
        assertEquals(3, SweepPlan.build(SweepPlan.Request.of(Preset.FULL), all, TWO).groups().getFirst().methods().size());
        assertEquals(3, SweepPlan.build(SweepPlan.Request.of(Preset.SMOKE), all, TWO).configurations(), "smoke proves every method");
        SweepPlan included = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, "QueueBench.jvm", List.of(), null, Map.of(), null), all, TWO);
        assertEquals(List.of("jvmFifo", "jvmLifo"), included.groups().getFirst().methods(), "--include picks any method");
        SweepPlan claimed = SweepPlan.build(new SweepPlan.Request(Preset.QUICK, null, List.of("C21"), null, Map.of(), null), all, TWO);
        assertEquals(3, claimed.groups().getFirst().methods().size(), "--claims naming the class's claim keeps every method");
    }

    @Test
    void aQuickMethodTheClassDoesNotDeclareIsRefusedWithTheFix() {
        PlanException e = assertThrows(PlanException.class,
                () -> SweepPlan.build(SweepPlan.Request.of(Preset.QUICK), gatingClass(List.of("jvmFifo", "fifo"), 0), TWO));
        assertTrue(e.getMessage().contains("[fifo]") && e.getMessage().contains("jvmLifo") && e.getMessage().contains("fix the @QuickGrid methods"),
                e.getMessage());
    }

    @Test
    void aClassSetupCostIsCountedOncePerFork() throws PlanException {
        SweepPlan bare = SweepPlan.build(SweepPlan.Request.of(Preset.QUICK), gatingClass(List.of(), 0), TWO);
        SweepPlan costly = SweepPlan.build(SweepPlan.Request.of(Preset.QUICK), gatingClass(List.of(), 7.5), TWO);
        int forks = bare.groups().getFirst().settings().forks();
        assertEquals(Preset.QUICK.gatingForks(), forks, "a class no crossover reads gates with the gating set's forks");
        assertEquals(bare.estimateSeconds() + 7.5 * forks * bare.configurations(), costly.estimateSeconds(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> gatingClass(List.of(), -1));
    }
}
