package dev.crossover.bench;

import dev.crossover.load.http.HttpDelayServer;
import dev.crossover.sizing.CpuBudget;
import dev.crossover.sizing.ServerCpuSplit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpLoadTest {

    private static final String SHARED = ServerCpuSplit.plan(new CpuBudget(1, "test", 1, 0, null, null, List.of())).describe()
            + ", server at nice 0";

    @Test
    void aServerBehindItsScheduleFailsTheBenchmarkWithItsCpuBesideIt() {
        HttpDelayServer.Stats lagging = new HttpDelayServer.Stats(1000, 25_000, 11, 50, 50, 50, 2, 10_000);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HttpLoad.checkServerOnTime("point", lagging, 0.4, 0.01, SHARED));
        assertTrue(e.getMessage().contains("11 of 1000 timers ran more than 10.0 ms late") && e.getMessage().contains("0.40 CPU seconds")
                        && e.getMessage().contains("server lagged, not client saturated") && e.getMessage().contains("server and clients share"),
                e.getMessage());
        HttpDelayServer.Stats onTime = new HttpDelayServer.Stats(1000, 12_000, 10, 50, 50, 50, 2, 10_000);
        assertDoesNotThrow(() -> HttpLoad.checkServerOnTime("point", onTime, 0.4, 0.01, SHARED));
        HttpDelayServer.Stats fewServed = new HttpDelayServer.Stats(31, 30_000, 2, 5, 5, 5, 2, 10_000);
        assertDoesNotThrow(() -> HttpLoad.checkServerOnTime("point", fewServed, 0.1, 0.01, SHARED), "2 late timers are no lag");
    }

    @Test
    void inTheOpenLoopALaggingServerFailsThePointOnlyWhereTheP99IsOverTheBound() {
        HttpDelayServer.Stats lagging = new HttpDelayServer.Stats(502, 26_000, 10, 50, 50, 50, 1, 10_000);
        assertDoesNotThrow(() -> HttpLoad.checkServerOnTime("point", lagging, 0.19, 0.01, SHARED, 16.3, 50),
                "a p99 within the bound holds with the server's lateness in it");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HttpLoad.checkServerOnTime("point", lagging, 0.19, 0.01, SHARED, 120, 50));
        assertTrue(e.getMessage().contains("10 of 502 timers") && e.getMessage().contains("p99 of 120.0 ms is over the 50 ms bound by no "
                + "more than the 78.0 ms the server's lag may have added"), e.getMessage());
        assertDoesNotThrow(() -> HttpLoad.checkServerOnTime("point", lagging, 0.19, 0.01, SHARED, 2603, 50),
                "over the bound by far more than three times the server's worst lateness: the client's own saturation");
        assertThrows(IllegalStateException.class, () -> HttpLoad.checkServerOnTime("point", lagging, 0.19, 0.01, SHARED, Double.NaN, 50),
                "no p99 is no evidence that the point held");
        HttpDelayServer.Stats onTime = new HttpDelayServer.Stats(1000, 12_000, 10, 50, 50, 50, 2, 10_000);
        assertDoesNotThrow(() -> HttpLoad.checkServerOnTime("point", onTime, 0.4, 0.01, SHARED, 900, 50));
    }

    @Test
    void theBenchmarkAndX7JudgeByTheSameBoundAndLagShare() {
        assertEquals(dev.crossover.analysis.crossover.X7BlockingVsNonBlocking.BOUND_FACTOR, HttpOpenLoopBench.P99_BOUND_FACTOR);
        assertEquals(dev.crossover.analysis.crossover.X7BlockingVsNonBlocking.LAGGED_SHARE, HttpOpenLoopBench.SERVER_LATE_SHARE);
    }

    @Test
    void aTrialMeasuringLessThanASecondGetsThatShareOfTheWarmupCapsAndNeverBelowATenth() {
        assertEquals(0.2, HttpLoad.warmupShare(0.2), 1e-12, "smoke: one 200 ms iteration");
        assertEquals(1, HttpLoad.warmupShare(2 * 0.5), 1e-12, "quick: two 500 ms iterations get the whole caps");
        assertEquals(1, HttpLoad.warmupShare(5 * 1.0), 1e-12);
        assertEquals(0.1, HttpLoad.warmupShare(0.001), 1e-12);
    }

    @Test
    void theLatenessLimitIsTheDelayAndAtLeastFiveMilliseconds() {
        assertEquals(10, HttpLoad.lateLimitMs(10));
        assertEquals(5, HttpLoad.lateLimitMs(1));
    }

    @Test
    void anOpenFileLimitBelowTheRequestsInFlightIsRefusedWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HttpLoad.checkOpenFiles("HttpClosedLoopBench", 1_000_000));
        assertTrue(e.getMessage().contains("ulimit -n 20000"), e.getMessage());
    }
}
