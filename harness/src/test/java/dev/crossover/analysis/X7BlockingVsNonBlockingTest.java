package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X7BlockingVsNonBlockingTest {

    private static final Map<String, List<String>> SERVES = Map.of("HttpOpenLoopBench", List.of("C13", "C14", "C24", "X7"));
    private static final double[] RATES = {200, 1000, 5000};

    /** A per-iteration counter: three forks of two iterations each, spread ±2% around {@code v}. */
    private static Metric counter(double v) {
        List<List<Double>> raw = List.of(List.of(v * 0.99, v * 1.01), List.of(v * 1.02, v * 0.98), List.of(v, v * 1.005));
        return new Metric(6 * v, Double.NaN, Metric.EVENTS_UNIT, raw, Map.of());
    }

    private static void client(List<BenchmarkResult> rs, String client, double[] p99, double[] cpu) {
        client(rs, client, p99, cpu, true);
    }

    /** One client's results at every rate; {@code settled}: whether each trial's warm-up settled. */
    private static void client(List<BenchmarkResult> rs, String client, double[] p99, double[] cpu, boolean settled) {
        List<List<Double>> warm = List.of(List.of(1.0, 1.0), List.of(settled ? 1.0 : 0.0, settled ? 1.0 : 0.0), List.of(1.0, 1.0));
        for (int i = 0; i < RATES.length; i++) {
            rs.add(Fixtures.result("HttpOpenLoopBench.openLoop", "thrpt", RATES[i], 1, "ops/s",
                    Map.of("p99Ms", counter(p99[i]), "clientCpuUsPerReq", counter(cpu[i]),
                            "clientWarmupSettled", new Metric(settled ? 6 : 4, Double.NaN, Metric.EVENTS_UNIT, warm, Map.of())),
                    "client", client, "rate", String.valueOf((int) RATES[i]), "delayMs", "10", "bytes", "256"));
        }
    }

    /** One client's results at the first {@code n} rates, with the CPUs the server ({@code -1}: shared) and the clients had. */
    private static void placed(List<BenchmarkResult> rs, String client, int n, double[] p99, double serverCpu, double clientCpus) {
        placed(rs, client, n, p99, serverCpu, clientCpus, 0);
    }

    /** As above, the server at nice value {@code nice}. */
    private static void placed(List<BenchmarkResult> rs, String client, int n, double[] p99, double serverCpu, double clientCpus, double nice) {
        for (int i = 0; i < n; i++) {
            rs.add(Fixtures.result("HttpOpenLoopBench.openLoop", "thrpt", RATES[i], 1, "ops/s",
                    Map.of("p99Ms", counter(p99[i]), "clientCpuUsPerReq", counter(100), "serverCpu", counter(serverCpu),
                            "clientCpus", counter(clientCpus), "serverNice", counter(nice)),
                    "client", client, "rate", String.valueOf((int) RATES[i]), "delayMs", "10", "bytes", "256"));
        }
    }

    @Test
    void eachClientsSaturationRateAndTheCpusOfServerAndClientsAreStated() {
        List<BenchmarkResult> rs = new ArrayList<>();
        placed(rs, "FIXED_FORMULA", 3, new double[]{12, 13, 800}, 1, 1);
        placed(rs, "VIRTUAL", 2, new double[]{12, 12}, 1, 1); // its 5000/s configuration failed: no result
        placed(rs, "EVENT_LOOP", 3, new double[]{11, 11, 12}, 1, 1);
        CrossoverFinding x7 = x7(rs);
        assertTrue(x7.summary().contains("server on CPU 1 alone, each client on 1 CPU(s)"), x7.summary());
        assertTrue(x7.summary().contains("saturates: FIXED_FORMULA in (1000, 5000]/s, VIRTUAL > 1000/s, EVENT_LOOP > 5000/s"), x7.summary());
        String where = x7.details().stream().filter(d -> d.startsWith("where each client saturates")).findFirst().orElseThrow();
        assertTrue(where.contains("FIXED_FORMULA first over it at 5000/s, held it at 1000/s"), where);
        assertTrue(where.contains("VIRTUAL holds it up to 1000/s, the highest it ran; no result at 5000/s"), where);
        assertTrue(where.contains("EVENT_LOOP holds it up to 5000/s, the highest it ran"), where);

        List<BenchmarkResult> untold = new ArrayList<>();
        placed(untold, "FIXED_FORMULA", 3, new double[]{12, 13, 800}, 1, 1);
        placed(untold, "VIRTUAL", 3, new double[]{12, 12, 49.9}, 1, 1);
        String w2 = x7(untold).details().stream().filter(d -> d.startsWith("where each client saturates")).findFirst().orElseThrow();
        assertTrue(w2.contains("VIRTUAL holds it up to 1000/s; cannot be told from it at 5000/s"), w2);

        List<BenchmarkResult> niced = new ArrayList<>();
        placed(niced, "FIXED_FORMULA", 3, new double[]{12, 13, 800}, 1, 1, -10);
        assertTrue(x7(niced).summary().contains("server on CPU 1 at nice -10 alone"), x7(niced).summary());

        List<BenchmarkResult> shared = new ArrayList<>();
        placed(shared, "FIXED_FORMULA", 3, new double[]{12, 13, 800}, -1, 2);
        placed(shared, "EVENT_LOOP", 3, new double[]{11, 11, 12}, -1, 2);
        assertTrue(x7(shared).summary().contains("server sharing the clients' CPUs, each client on 2 CPU(s)"), x7(shared).summary());

        List<BenchmarkResult> unequal = new ArrayList<>();
        placed(unequal, "FIXED_FORMULA", 3, new double[]{12, 13, 800}, 1, 1);
        placed(unequal, "EVENT_LOOP", 3, new double[]{11, 11, 12}, -1, 2);
        String s = x7(unequal).summary();
        assertTrue(s.contains("server CPUs differ between results (CPU 1, shared)") && s.contains("capacities differ"), s);
    }

    @Test
    void aServerThatLaggedWhereTheP99HeldTheBoundIsNamedInTheDetails() {
        List<BenchmarkResult> rs = new ArrayList<>();
        placed(rs, "FIXED_FORMULA", 3, new double[]{12, 13, 800}, 1, 1);
        assertTrue(x7(rs).details().stream().noneMatch(d -> d.contains("lagged")), x7(rs).details().toString());
        // EVENT_LOOP at 1000/s: one fork ran 2% of its timers late (worst 26 ms), the others 0.5%
        List<List<Double>> share = List.of(List.of(0.02, 0.02), List.of(0.005, 0.005), List.of(0.005, 0.005));
        List<List<Double>> worst = List.of(List.of(26.0, 20.0), List.of(8.0, 8.0), List.of(8.0, 8.0));
        rs.add(Fixtures.result("HttpOpenLoopBench.openLoop", "thrpt", 1000, 1, "ops/s",
                Map.of("p99Ms", counter(16), "clientCpuUsPerReq", counter(100), "serverCpu", counter(1), "clientCpus", counter(1),
                        "serverLateShare", new Metric(0.06, Double.NaN, Metric.EVENTS_UNIT, share, Map.of()),
                        "serverLateMaxMs", new Metric(78, Double.NaN, Metric.EVENTS_UNIT, worst, Map.of())),
                "client", "EVENT_LOOP", "rate", "1000", "delayMs", "10", "bytes", "256"));
        String lag = x7(rs).details().stream().filter(d -> d.contains("lagged")).findFirst().orElseThrow();
        assertTrue(lag.contains("at: EVENT_LOOP 1000/s (up to 2% late, worst 26 ms)") && lag.contains("verdicts stand"), lag);
    }

    private static CrossoverFinding x7(List<BenchmarkResult> rs) {
        return Analysis.of(Fixtures.run(rs, 2, SERVES)).crossovers().get("X7");
    }

    @Test
    void nonBlockingClientsPullAwayWhereTheBestBlockingPoolLeavesTheP99Bound() {
        List<BenchmarkResult> rs = new ArrayList<>();
        client(rs, "FIXED_CORES", new double[]{30, 3000, 9000}, new double[]{80, 80, 80});
        client(rs, "FIXED_FORMULA", new double[]{12, 13, 800}, new double[]{70, 70, 70});
        client(rs, "PROCESS", new double[]{12, 14, 900}, new double[]{120, 120, 120});
        client(rs, "VIRTUAL", new double[]{12, 12, 14}, new double[]{60, 60, 60});
        client(rs, "ASYNC", new double[]{12, 12, 13}, new double[]{50, 50, 50});
        client(rs, "EVENT_LOOP", new double[]{11, 11, 200}, new double[]{20, 20, 20});
        CrossoverFinding x7 = x7(rs);
        assertTrue(x7.found());
        Map<String, CrossoverFinding.Decision> by = new java.util.HashMap<>();
        x7.decisions().forEach(d -> by.put(d.subject(), d));
        CrossoverFinding.Decision vt = by.get("VIRTUAL vs FIXED_FORMULA at p99 ≤ 50 ms");
        assertNotNull(vt, by.keySet().toString());
        assertEquals(CrossoverFinding.Status.LOCATED, vt.status(), vt.text());
        assertEquals(1000, vt.crossing().lo());
        assertEquals(5000, vt.crossing().hi());
        assertEquals(CrossoverFinding.Status.LOCATED, by.get("ASYNC vs FIXED_FORMULA at p99 ≤ 50 ms").status());
        CrossoverFinding.Decision loop = by.get("EVENT_LOOP vs FIXED_FORMULA at p99 ≤ 50 ms");
        assertEquals(CrossoverFinding.Status.NOT_REACHED, loop.status(), loop.text());
        assertTrue(loop.text().contains("both leave the bound at 5000"), loop.text());
        CrossoverFinding.Decision cpu = by.get("EVENT_LOOP CPU per request below VIRTUAL");
        assertEquals(CrossoverFinding.Status.FROM_START, cpu.status(), cpu.text());
        assertNotNull(x7.chart());
        assertEquals(6, x7.chart().curves().size(), "one p99 curve per client");
        assertEquals(List.of(50.0), x7.chart().hLines());
        assertTrue(x7.summary().contains("VIRTUAL pulls away from FIXED_FORMULA at a rate in (1000, 5000] requests/s"), x7.summary());
    }

    @Test
    void aRateWhereThePoolCannotBeToldFromTheBoundWidensThePullAwayIntervalInsteadOfLeavingItUnresolved() {
        List<BenchmarkResult> rs = new ArrayList<>();
        client(rs, "FIXED_FORMULA", new double[]{12, 50.0, 800}, new double[]{70, 70, 70});
        client(rs, "EVENT_LOOP", new double[]{11, 11, 12}, new double[]{20, 20, 20});
        CrossoverFinding.Decision loop = x7(rs).decisions().stream().filter(d -> d.subject().startsWith("EVENT_LOOP vs FIXED_FORMULA"))
                .findFirst().orElseThrow();
        assertEquals(CrossoverFinding.Status.LOCATED, loop.status(), loop.text());
        assertEquals(200, loop.crossing().lo());
        assertEquals(5000, loop.crossing().hi());
        assertTrue(loop.text().contains("(200, 5000]") && loop.text().contains("cannot be told from the bound at 1000"), loop.text());

        List<BenchmarkResult> never = new ArrayList<>();
        client(never, "FIXED_FORMULA", new double[]{50.0, 800, 900}, new double[]{70, 70, 70});
        client(never, "EVENT_LOOP", new double[]{11, 11, 12}, new double[]{20, 20, 20});
        CrossoverFinding.Decision open = x7(never).decisions().stream().filter(d -> d.subject().startsWith("EVENT_LOOP vs FIXED_FORMULA"))
                .findFirst().orElseThrow();
        assertEquals(CrossoverFinding.Status.UNRESOLVED, open.status(), "no rate where the pool clearly held: " + open.text());
    }

    @Test
    void cpuPerRequestIsNotComparedWhereAWarmUpDidNotSettle() {
        List<BenchmarkResult> rs = new ArrayList<>();
        client(rs, "FIXED_FORMULA", new double[]{12, 13, 800}, new double[]{70, 70, 70});
        client(rs, "VIRTUAL", new double[]{12, 12, 14}, new double[]{60, 60, 60}, false);
        client(rs, "EVENT_LOOP", new double[]{11, 11, 12}, new double[]{20, 20, 20});
        CrossoverFinding x7 = x7(rs);
        CrossoverFinding.Decision cpu = x7.decisions().stream().filter(d -> d.subject().equals("EVENT_LOOP CPU per request below VIRTUAL"))
                .findFirst().orElseThrow();
        assertEquals(CrossoverFinding.Status.UNRESOLVED, cpu.status(), cpu.text());
        assertTrue(cpu.text().contains("warm-up did not settle for VIRTUAL at 200/s"), cpu.text());
        CrossoverFinding.Decision vt = x7.decisions().stream().filter(d -> d.subject().startsWith("VIRTUAL vs FIXED_FORMULA"))
                .findFirst().orElseThrow();
        assertEquals(CrossoverFinding.Status.LOCATED, vt.status(), "p99 is read whatever the warm-up: " + vt.text());
    }

    @Test
    void aBlockingPoolThatHoldsTheBoundEverywhereIsNotReachedAndNoiseIsUnresolved() {
        List<BenchmarkResult> rs = new ArrayList<>();
        client(rs, "FIXED_FORMULA", new double[]{12, 13, 14}, new double[]{70, 70, 70});
        client(rs, "VIRTUAL", new double[]{12, 12, 49.9}, new double[]{60, 60, 60});
        CrossoverFinding x7 = x7(rs);
        CrossoverFinding.Decision vt = x7.decisions().getFirst();
        assertEquals(CrossoverFinding.Status.NOT_REACHED, vt.status(), vt.text());
        assertFalse(x7.found());
        assertTrue(x7.details().stream().anyMatch(d -> d.startsWith("VIRTUAL p99 by arrival rate:") && d.contains("cannot be told from 50 ms")),
                x7.details().toString());
    }

    @Test
    void withoutTheOpenLoopBenchmarkX7SaysWhatToRun() {
        CrossoverFinding x7 = x7(List.of());
        assertFalse(x7.found());
        assertTrue(x7.summary().contains("HttpOpenLoopBench"), x7.summary());
    }
    /** Quick's grid: three clients at 1,000/s only. */
    @Test
    void oneRateSaysWhatItMeasuredThereInsteadOfAnUnresolvedCrossing() {
        List<BenchmarkResult> rs = new ArrayList<>();
        for (String[] c : new String[][]{{"FIXED_FORMULA", "21", "337"}, {"VIRTUAL", "30", "490"}, {"EVENT_LOOP", "13", "110"}}) {
            rs.add(Fixtures.result("HttpOpenLoopBench.openLoop", "thrpt", 1000, 1, "ops/s",
                    Map.of("p99Ms", counter(Double.parseDouble(c[1])), "clientCpuUsPerReq", counter(Double.parseDouble(c[2])),
                            "clientWarmupSettled", counter(1)),
                    "client", c[0], "rate", "1000", "delayMs", "10", "bytes", "256"));
        }
        String s = x7(rs).summary();
        assertTrue(s.contains("VIRTUAL vs FIXED_FORMULA: one rate measured (1000/s), a pull-away needs two"), s);
        assertTrue(s.contains("EVENT_LOOP vs FIXED_FORMULA: one rate measured (1000/s), a pull-away needs two"), s);
        assertTrue(s.contains("the event loop's CPU per request at 1000 requests/s, the one rate measured: below virtual threads' (theirs ×4.45 ["), s);
        assertTrue(!s.contains("unresolved at"), s);
    }
}
