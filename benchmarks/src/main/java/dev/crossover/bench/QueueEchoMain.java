package dev.crossover.bench;

import dev.crossover.ipc.PeerGoneException;
import dev.crossover.ipc.PipeQueue;
import dev.crossover.ipc.ShmQueue;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;

/**
 * The echo child JVM of {@link QueueSemanticsBench#blockedGetWake}: waits in a blocking {@code get}
 * on a request queue and {@code put}s each item back on a reply queue, unchanged.
 *
 * <p>{@code shm <requests> <replies>}: two {@link ShmQueue}s the parent created; stdin is the lifeline
 * (the child halts when it closes). {@code pipe}: requests are a {@link PipeQueue} on stdin, replies
 * one on stdout; the end of stdin ends the child. Nothing else may be written to stdout here.
 */
public final class QueueEchoMain {

    private QueueEchoMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "shm" -> {
                TransportSinkMain.lifeline();
                try (ShmQueue requests = ShmQueue.open(args[1]); ShmQueue replies = ShmQueue.open(args[2])) {
                    while (true) {
                        replies.put(requests.get());
                    }
                }
            }
            case "pipe" -> {
                // Raw descriptors: System.out is a PrintStream whose own buffering must stay out of the frames.
                PipeQueue requests = new PipeQueue(new FileInputStream(FileDescriptor.in), null, 64, "echo-requests");
                PipeQueue replies = new PipeQueue(null, new FileOutputStream(FileDescriptor.out), 64, "echo-replies");
                try {
                    while (true) {
                        replies.put(requests.get());
                    }
                } catch (PeerGoneException end) {
                    // the parent closed our stdin: done
                } finally {
                    replies.close();
                    requests.close();
                }
            }
            default -> {
                System.err.println("usage: QueueEchoMain shm REQUESTS REPLIES | QueueEchoMain pipe");
                System.exit(2);
            }
        }
    }
}
