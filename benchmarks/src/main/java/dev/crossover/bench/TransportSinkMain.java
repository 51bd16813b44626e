package dev.crossover.bench;

import dev.crossover.ipc.IdleStrategy;
import dev.crossover.ipc.PayloadChecksum;
import dev.crossover.ipc.PeerGoneException;
import dev.crossover.ipc.PipeQueue;
import dev.crossover.ipc.ShmRing;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * The receiving child JVM of {@link TransportThroughputBench}: reads messages from a pipe, a pipe
 * queue or a shared-memory ring until the sender closes, checksums every payload byte, then prints
 * {@code OK <messages> <checksum>}.
 */
public final class TransportSinkMain {

    private TransportSinkMain() {
    }

    public static void main(String[] args) throws Exception {
        long count = 0;
        long sum = 0;
        switch (args[0]) {
            case "pipe" -> {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16))) {
                    byte[] buf = new byte[1 << 20];
                    while (true) {
                        int len;
                        try {
                            len = in.readInt();
                        } catch (EOFException e) {
                            break;
                        }
                        if (len > buf.length) {
                            buf = new byte[len];
                        }
                        in.readFully(buf, 0, len);
                        sum += PayloadChecksum.of(buf, 0, len);
                        count++;
                    }
                }
            }
            case "queue" -> {
                try (PipeQueue q = new PipeQueue(System.in, null, 1024, "sink")) {
                    while (true) {
                        byte[] item;
                        try {
                            item = q.get();
                        } catch (PeerGoneException end) {
                            break;
                        }
                        sum += PayloadChecksum.of(item, 0, item.length);
                        count++;
                    }
                }
            }
            case "ring" -> {
                lifeline();
                try (ShmRing ring = ShmRing.open(args[1])) {
                    ShmRing.Consumer consumer = ring.consumer();
                    IdleStrategy idle = IdleStrategy.of(args[2]);
                    long[] state = new long[2];
                    ShmRing.RecordHandler h = (type, buf, off, len) -> {
                        state[0]++;
                        state[1] += PayloadChecksum.of(buf, off, len);
                    };
                    System.out.println("READY");
                    System.out.flush();
                    // At most 32 records per poll: the head goes back to the producer while we still read.
                    while (consumer.read(h, 32, idle, Duration.ofDays(1)) >= 0) {
                        // until the producer closes
                    }
                    count = state[0];
                    sum = state[1];
                }
            }
            default -> throw new IllegalArgumentException("transport must be pipe, queue or ring, got " + args[0]);
        }
        System.out.println("OK " + count + " " + sum);
        System.out.flush();
    }

    /** Halts when stdin closes (the parent is gone), for roles whose data does not come on stdin. */
    static void lifeline() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent on the lifeline
                }
            } catch (IOException ignored) {
                // the parent is gone
            }
            Runtime.getRuntime().halt(3);
        }, "lifeline");
        t.setDaemon(true);
        t.start();
    }
}
