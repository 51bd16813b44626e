package dev.crossover.ipc;

import java.time.Duration;

/**
 * A bare child JVM that echoes every record of one ring into another, busy-spinning (or backing
 * off) between records: the shared-memory counterpart of a raw pipe echo, for round-trip benchmarks.
 * Arguments: {@code REQUEST_RING RESPONSE_RING IDLE}. Ends when the request ring's producer closes
 * or stdin (the lifeline) closes.
 */
public final class RingEchoMain {

    private RingEchoMain() {
    }

    public static void main(String[] args) {
        IpcPeerMain.watchLifeline();
        try (ShmRing requests = ShmRing.open(args[0]); ShmRing responses = ShmRing.open(args[1])) {
            ShmRing.Consumer in = requests.consumer();
            ShmRing.Producer out = responses.producer();
            IdleStrategy idle = IdleStrategy.of(args[2]);
            ShmRing.RecordHandler echo = (type, buf, offset, length) -> {
                long at;
                while ((at = out.tryClaim(type, length)) < 0) {
                    Thread.onSpinWait();
                }
                java.lang.foreign.MemorySegment.copy(buf, offset, out.buffer(), at, length);
                out.commit();
            };
            System.out.println("READY");
            System.out.flush();
            while (in.read(echo, 64, idle, Duration.ofDays(1)) >= 0) {
                // until the parent closes the request ring
            }
            out.close();
        }
    }
}
