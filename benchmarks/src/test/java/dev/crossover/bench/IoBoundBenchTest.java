package dev.crossover.bench;

import dev.crossover.bench.IoBoundBench.IoExecutor;
import dev.crossover.bench.IoBoundBench.Sizes;
import dev.crossover.load.DelayServerProcess;
import dev.crossover.load.RequestKernel;
import dev.crossover.sizing.PoolSizer;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.Workers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capacities IoBoundBench compares are equal where they are said to be, and the server's count shows a cap biting. */
class IoBoundBenchTest {

    @Test
    void comparedConfigurationsShareTheFormulasCapacityAndProcessesSplitItExactly() {
        int c = PoolSizer.evenlySplittable(PoolSizer.roundUpSignificant(PoolSizer.blockingFormula(2, 100_000, 30), 2), 2);
        assertEquals(6700, c); // ceil(2 × (1 + 100000/30)) = 6669, rounded up to two significant digits and a multiple of 2
        assertEquals(c, Sizes.of(IoExecutor.FIXED_FORMULA, 10_000, 2, c).capacity());
        assertEquals(c, Sizes.of(IoExecutor.VIRTUAL_CAPPED, 10_000, 2, c).capacity());
        assertEquals(c / 2, Sizes.of(IoExecutor.VIRTUAL_CAPPED_HALF, 10_000, 2, c).capacity());
        Sizes process = Sizes.of(IoExecutor.PROCESS, 10_000, 2, c);
        assertEquals(c, process.children() * process.threadsPerChild(), "children × threads per child = the thread pool's size");
        assertEquals(c, process.capacity());
        assertEquals(PoolSizer.DEFAULT_CAP, Sizes.of(IoExecutor.FIXED_CAPPED, 10_000, 2, c).capacity(), "the cap is its own configuration");
        assertEquals(2 * IoBoundBench.DISPATCHERS_PER_CORE, Sizes.of(IoExecutor.THREAD_PER_TASK, 1000, 2, c).dispatchers());
        assertEquals(1000, Sizes.of(IoExecutor.VIRTUAL, 1000, 2, c).capacity(), "uncapped: a thread per request in flight");
    }

    @Test
    void aConcurrencyTheOpenFileLimitCannotCarryIsRefusedWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IoBoundBench.checkOpenFiles(10_000, 1024));
        assertTrue(e.getMessage().contains("2 × 10000 sockets") && e.getMessage().contains("ulimit -n 20000"), e.getMessage());
        IoBoundBench.checkOpenFiles(10_000, 20_000);
        IoBoundBench.checkOpenFiles(10_000, -1); // unknown limit: let the sockets tell
    }

    @Test
    void theServersPeakInFlightShowsASemaphoreCapBoundingConcurrency() throws Exception {
        try (DelayServerProcess server = DelayServerProcess.start(200_000)) {
            Workers capped = PoolSpec.of(Executor.VIRTUAL, 5).withSettings(Map.of(RequestKernel.PORT, Integer.toString(server.port()),
                    RequestKernel.CONNECTIONS, "5")).start();
            try {
                server.takeHeldPeak();
                List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    inFlight.add(capped.submit("request", TaskArgs.longs(-1, i)));
                }
                for (CompletableFuture<byte[]> f : inFlight) {
                    f.join();
                }
                assertEquals(5, server.takeHeldPeak(), "20 requests offered, a cap of 5 reached the server");
            } finally {
                capped.terminate();
                capped.join(Duration.ofSeconds(30));
            }
        }
    }
}
