package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;
import dev.crossover.ipc.RingChannel;
import dev.crossover.ipc.ShmRing;

import java.util.List;

/**
 * {@link Executor#PROCESS_SHM}: per worker a request ring (parent to child) and a response ring
 * (child to parent) in {@code /dev/shm}, created here before the child starts and deleted after it
 * is gone. The child's stdin stays open, unused, as its lifeline. Each side, after a short spin
 * (none when the workers take every core: {@link #spinFirst(int)}), blocks on a futex on the waiting flag of the ring it reads ({@link dev.crossover.ipc.Futex}); the
 * other side wakes it after publishing only when the flag is set, and the child wakes a waiting
 * parent only when it holds fewer than two requests (see {@link RingChannel}). The child's exit
 * ({@link Process#onExit()}) wakes a parent blocked for an answer or about to block, without a lost
 * wake-up ({@link RingChannel#peerExited()}); {@link Process#isAlive()}, asked every tenth of a
 * second while it waits, is the fallback. {@link Endpoint#close()} unmaps the rings only after every
 * futex call on them returned ({@link ShmRing#close()}), so it may race that wake.
 */
final class ShmTransport implements WorkerTransport {

    /** Data bytes per ring: frames up to half of it go as one record, larger ones in parts. */
    static final int RING_CAPACITY = 1 << 20;

    private final String idle;
    private final boolean spinFirst;

    /**
     * @param idle      the pool's idle strategy ({@code backoff} or {@code spin})
     * @param spinFirst whether a waiting side spins before it blocks: only where a core is left
     *                  over beside the workers (see {@link #spinFirst(int)})
     */
    ShmTransport(String idle, boolean spinFirst) {
        this.idle = idle;
        this.spinFirst = spinFirst;
    }

    /**
     * Whether the sides of a pool of {@code workers} should spin before blocking: when the workers
     * leave a core of this JVM's CPU set free. With a worker per core, a spinning reader in the parent
     * or a spinning worker takes the CPU another worker computes on, and each task then costs about
     * twice the CPU time of a pool that blocks at once (measured in {@code docs/shared-memory.md}).
     */
    static boolean spinFirst(int workers) {
        return workers < Runtime.getRuntime().availableProcessors();
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
                return List.of(ShmChildTransport.class.getName(), requests.name(), responses.name(), idle,
                        Boolean.toString(spinFirst));
            }

            @Override
            public FrameChannel connect(Process child) {
                // Both bells are futexes on the rings' waiting flags. The child's exit wakes a parent
                // blocked on the response ring, which then sees the death at once.
                RingChannel channel = new RingChannel(requests, responses, idle, child::isAlive,
                        workerName + " (pid " + child.pid() + ")", null, null, true, false, spinFirst);
                child.onExit().thenRun(channel::peerExited);
                return channel;
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
