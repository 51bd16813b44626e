package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;
import dev.crossover.ipc.RingChannel;
import dev.crossover.ipc.ShmRing;

import java.util.List;

/**
 * {@link Executor#PROCESS_SHM}: per worker a request ring (parent to child) and a response ring
 * (child to parent) in {@code /dev/shm}, created here before the child starts and deleted after it
 * is gone. The child's stdin stays open, unused, as its lifeline. An idle child blocks on a futex
 * on the request ring's waiting flag, which the parent wakes after publishing a request when the
 * flag is set ({@link dev.crossover.ipc.Futex}). The child's stdout is the parent's doorbell: a
 * parent waiting longer than a spin for an answer blocks reading it, and the child
 * writes a byte there after an answer when it sees the parent blocks (see {@link RingChannel}); end
 * of that stream, or {@link Process#isAlive()} while it polls, tells the parent the child is gone.
 */
final class ShmTransport implements WorkerTransport {

    /** Data bytes per ring: frames up to half of it go as one record, larger ones in parts. */
    static final int RING_CAPACITY = 1 << 20;

    private final String idle;

    ShmTransport(String idle) {
        this.idle = idle;
    }

    @Override
    public String name() {
        return "shm";
    }

    @Override
    public Endpoint prepare(String workerName) {
        ShmRing requests = ShmRing.create(RING_CAPACITY);
        ShmRing responses;
        try {
            responses = ShmRing.create(RING_CAPACITY);
        } catch (RuntimeException e) {
            requests.close();
            throw e;
        }
        return new Endpoint() {
            @Override
            public List<String> childArgs() {
                return List.of(ShmChildTransport.class.getName(), requests.name(), responses.name(), idle);
            }

            @Override
            public FrameChannel connect(Process child) {
                // The child's stdout is the parent's doorbell (see RingChannel); its end means the child is gone.
                // The parent wakes an idle child through a futex on the request ring.
                return new RingChannel(requests, responses, idle, child::isAlive, workerName + " (pid " + child.pid() + ")",
                        child.getInputStream(), null, true);
            }

            @Override
            public void close() {
                try {
                    responses.close();
                } finally {
                    requests.close();
                }
            }
        };
    }
}
