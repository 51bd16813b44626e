package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;
import dev.crossover.ipc.RingChannel;
import dev.crossover.ipc.ShmRing;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The child's end of {@link ShmTransport}: arguments {@code REQUEST_RING RESPONSE_RING IDLE SPIN_FIRST}. It
 * does not read stdin, so {@link WorkerMain}'s lifeline thread ends the child when the parent dies.
 * An idle child blocks on a futex on the request ring, and wakes a waiting parent through a futex on
 * the response ring (see {@link RingChannel}).
 */
public final class ShmChildTransport implements ChildTransport {

    @Override
    public FrameChannel open(String[] args, InputStream stdin, OutputStream stdout) {
        if (args.length != 4 || !(args[3].equals("true") || args[3].equals("false"))) {
            throw new IllegalArgumentException("shm worker needs REQUEST_RING RESPONSE_RING IDLE SPIN_FIRST (true or false), got "
                    + String.join(" ", args));
        }
        ShmRing requests = ShmRing.open(args[0]);
        ShmRing responses = ShmRing.open(args[1]);
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow(
                () -> new IllegalStateException("shm worker has no parent process"));
        // Futexes both ways: blocks for requests on the request ring's, wakes the parent on the response
        // ring's, deferring that wake while two or more requests wait (stdin stays the lifeline).
        return new RingChannel(responses, requests, args[2], parent::isAlive, "parent (pid " + parent.pid() + ")",
                null, null, true, true, Boolean.parseBoolean(args[3]));
    }

    @Override
    public boolean readsStdin() {
        return false;
    }
}
