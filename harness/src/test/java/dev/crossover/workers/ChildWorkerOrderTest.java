package dev.crossover.workers;

import dev.crossover.ipc.FrameReader;
import dev.crossover.load.CpuWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A pool publishes a worker (a replacement, say) before its reader thread starts, and a submit may pick
 * it at once: a request sent in that window must go out and its answer be read once reading starts.
 */
class ChildWorkerOrderTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRequestSentBeforeReadingStartsIsAnsweredOnceItStarts() throws Exception {
        for (WorkerTransport transport : new WorkerTransport[]{new PipeTransport(), new ShmTransport(PoolSpec.of(Executor.PROCESS_SHM, 1).idle(), false)}) {
            ChildWorker w = ChildWorker.launch("order-test", transport, PoolSpec.of(Executor.PROCESS_PIPE, 1));
            try {
                w.handshake();
                CompletableFuture<byte[]> frame = new CompletableFuture<>();
                CompletableFuture<Throwable> end = new CompletableFuture<>();
                w.attachReader(new ReplyReader.Sink() {
                    @Override
                    public void onFrame(byte[] f) {
                        frame.complete(f);
                    }

                    @Override
                    public void onEnd(Throwable cause) {
                        end.complete(cause);
                    }
                });
                w.send(7, 0, "cpu", new byte[][]{TaskArgs.longs(1, 3)});
                assertEquals(1, w.reader().due(), transport.name() + ": the answer counts as due before reading starts");
                w.startReading();
                FrameReader r = new FrameReader(frame.get(30, TimeUnit.SECONDS));
                assertEquals(Wire.RESULTS, r.getByte(), transport.name());
                assertEquals(7, r.getLong(), transport.name() + ": the batch sent before reading started");
                assertEquals(1, r.getInt());
                assertEquals(Wire.OK, r.getByte());
                assertEquals(CpuWork.run(3, 1), TaskArgs.longAt(r.getBytes(), 0), transport.name());
                w.bye();
                end.get(30, TimeUnit.SECONDS);
            } finally {
                w.kill();
                w.awaitExit(Duration.ofSeconds(5));
                w.closeEndpoint();
            }
        }
    }
}
