package dev.crossover.workers;

import dev.crossover.ipc.FrameCodec;
import dev.crossover.ipc.FrameReader;
import dev.crossover.ipc.FrameTooLargeException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Executor#PROCESS_PIPE} (and, with another {@link WorkerTransport}, PROCESS_SHM): {@code size}
 * child JVMs running {@link WorkerMain}, each a {@link ChildWorker} started the {@link ChildJvm} way.
 * This class only dispatches; reading answers is {@link ReplyReader}'s job.
 *
 * <p>Dispatch: a chunk becomes one batch (one frame). The submitting thread hands it straight to the
 * least busy live worker holding fewer than {@code inFlight} batches, or queues it; on each answer,
 * the thread that read it sends that worker the next queued batch before completing the answered
 * futures, so a worker does not idle through a round trip.
 *
 * <p>Waiting: {@code get()}, timed {@code get} and {@code join()} on a task wait through the reader
 * of the worker holding it (see {@link TaskFuture}); callbacks run on the thread that read the
 * answer, and may themselves wait on tasks of the same worker.
 *
 * <p>Faults: the kernel's exception comes back as {@link RemoteTaskException}; when a worker dies
 * its reader sees the end of its channel, the batches that worker held fail with
 * {@link WorkerDiedException} (name, pid, exit code, last stderr lines) and a replacement starts.
 */
final class ProcessWorkers extends AbstractWorkers {

    private final PoolSpec spec;
    private final WorkerTransport transport;
    private final Set<String> kernelNames;
    private final Map<String, Integer> kernelIds = new HashMap<>();
    private final AtomicLong batchIds = new AtomicLong();

    // Guarded by "this".
    private final List<Slot> workers = new ArrayList<>();
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();
    private int nextWorkerNumber = 1;
    private int rotate;
    private boolean closed;
    private boolean byeSent;
    private boolean terminated;
    private final CountDownLatch stopped = new CountDownLatch(1);

    ProcessWorkers(PoolSpec spec, WorkerTransport transport) {
        this.spec = spec;
        this.transport = transport;
        this.kernelNames = new TreeSet<>(KernelRegistry.standard().names());
        List<ChildWorker> started = new ArrayList<>();
        try {
            for (int i = 0; i < spec.size(); i++) {
                started.add(ChildWorker.launch("process-" + nextWorkerNumber++, transport, spec));
            }
            for (ChildWorker w : started) {
                w.handshake();
            }
        } catch (IOException | RuntimeException e) {
            for (ChildWorker w : started) {
                w.kill();
                w.awaitExit(Duration.ofSeconds(2));
                w.closeEndpoint();
            }
            throw new IllegalStateException("could not start " + transport.name() + " workers with JVM flags "
                    + ChildJvm.childFlags(spec.jvmOptions()) + ": " + e.getMessage(), e);
        }
        List<Slot> slots = new ArrayList<>();
        for (ChildWorker w : started) {
            Slot s = new Slot(w);
            w.attachReader(s);
            slots.add(s);
        }
        synchronized (this) {
            workers.addAll(slots);
        }
        for (Slot s : slots) {
            s.worker.startReading();
        }
    }

    @Override
    public Executor executor() {
        return spec.executor();
    }

    @Override
    public int size() {
        return spec.size();
    }

    @Override
    public synchronized List<String> workerNames() {
        List<String> names = new ArrayList<>();
        for (Slot s : workers) {
            names.add(s.worker.name());
        }
        return names;
    }

    @Override
    public synchronized List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Slot s : workers) {
            pids.add(s.worker.pid());
        }
        return pids;
    }

    private synchronized int kernelId(String name) {
        Integer id = kernelIds.get(name);
        if (id == null) {
            id = kernelIds.size();
            kernelIds.put(name, id);
        }
        return id;
    }

    @Override
    List<CompletableFuture<byte[]>> submitChunk(String kernel, List<byte[]> args) {
        if (!kernelNames.contains(kernel)) {
            throw new KernelRegistry.UnknownKernelException(kernel, List.copyOf(kernelNames));
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(spec.executor() + " pool is closed; no new tasks are accepted: submit before close(), "
                        + "or start a new pool");
            }
        }
        byte[][] a = args.toArray(new byte[args.size()][]);
        long payload = 0;
        for (byte[] b : a) {
            payload += 4 + b.length;
        }
        if (payload + 17 > FrameCodec.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException(new FrameTooLargeException(payload + 17,
                    "a batch of " + a.length + " task(s) for kernel '" + kernel + "'").getMessage());
        }
        int kid = kernelId(kernel);
        Batch batch = new Batch(batchIds.incrementAndGet(), kernel, kid, a);
        Slot target;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(spec.executor() + " pool is closed; no new tasks are accepted: submit before close(), "
                        + "or start a new pool");
            }
            target = pickWorker();
            if (target == null) {
                pending.add(batch);
            } else {
                target.hold(batch);
            }
        }
        if (target != null) {
            target.send(batch);
        }
        return batch.futures;
    }

    /** The live worker with the fewest held batches below {@code inFlight}; null when all are full. */
    private Slot pickWorker() {
        Slot best = null;
        int n = workers.size();
        for (int i = 0; i < n; i++) {
            Slot s = workers.get((rotate + i) % n);
            if (s.alive && s.held.size() < spec.inFlight() && (best == null || s.held.size() < best.held.size())) {
                best = s;
            }
        }
        rotate++;
        return best;
    }

    /** Sends BYE to every worker once the pool is closed and nothing is left to do. */
    private void checkFinished() {
        List<Slot> toStop;
        synchronized (this) {
            if (!closed || byeSent || !pending.isEmpty()) {
                return;
            }
            for (Slot s : workers) {
                if (!s.held.isEmpty()) {
                    return;
                }
            }
            byeSent = true;
            toStop = new ArrayList<>(workers);
            if (workers.isEmpty()) {
                stopped.countDown();
            }
        }
        for (Slot s : toStop) {
            s.worker.bye();
        }
    }

    private void replace() {
        ChildWorker fresh;
        try {
            int number;
            synchronized (this) {
                number = nextWorkerNumber++;
            }
            fresh = ChildWorker.launch("process-" + number, transport, spec);
            fresh.handshake();
        } catch (IOException | RuntimeException e) {
            List<Batch> lost = List.of();
            synchronized (this) {
                if (workers.isEmpty()) {
                    lost = new ArrayList<>(pending);
                    pending.clear();
                }
            }
            IllegalStateException ex = new IllegalStateException("a worker died and its replacement failed to start: " + e.getMessage(), e);
            for (Batch b : lost) {
                b.fail(ex);
            }
            return;
        }
        Slot slot = new Slot(fresh);
        fresh.attachReader(slot); // before the slot is published: a submit may pick it at once
        List<Batch> toSend = new ArrayList<>();
        boolean keep;
        synchronized (this) {
            // Not after terminate(), nor once the pool said BYE to its workers: the latter would never
            // hear it, and join() may already have returned.
            keep = !terminated && !byeSent;
            if (keep) {
                workers.add(slot);
                while (slot.held.size() < spec.inFlight() && !pending.isEmpty()) {
                    Batch b = pending.poll();
                    slot.hold(b);
                    toSend.add(b);
                }
            }
        }
        if (!keep) {
            fresh.kill();
            fresh.awaitExit(Duration.ofSeconds(2));
            fresh.closeEndpoint();
            return;
        }
        fresh.startReading();
        for (Batch b : toSend) {
            slot.send(b);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        checkFinished();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        synchronized (this) {
            if (!closed) {
                throw new IllegalStateException(spec.executor() + " pool is still running: call close() (let the work finish) or "
                        + "terminate() (stop now) before join(), as multiprocessing.Pool requires");
            }
            for (Slot s : workers) {
                if (ReplyReader.dispatchingFor(s)) {
                    throw new IllegalStateException("a completion callback of a task of this " + spec.executor() + " pool called join() on its own "
                            + "pool, which would wait for the pool while holding its answer; join the pool from the thread that created it");
                }
            }
        }
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isAlive() {
        return stopped.getCount() > 0;
    }

    @Override
    public void terminate() {
        List<Batch> lost = new ArrayList<>();
        List<Slot> all;
        synchronized (this) {
            closed = true;
            terminated = true;
            lost.addAll(pending);
            pending.clear();
            all = new ArrayList<>(workers);
            for (Slot s : workers) {
                lost.addAll(s.held);
                s.held.clear();
            }
            if (workers.isEmpty()) {
                stopped.countDown();
            }
        }
        CancellationException cancelled = new CancellationException("pool terminated");
        for (Batch b : lost) {
            b.fail(cancelled);
        }
        for (Slot s : all) {
            s.worker.kill();
        }
        for (Slot s : all) {
            s.worker.awaitExit(Duration.ofSeconds(2));
        }
    }

    /** One chunk of tasks, sent as one frame (encoded by the worker at send time). */
    private static final class Batch {
        final long id;
        final String kernel;
        final int kernelId;
        final byte[][] args;
        final List<CompletableFuture<byte[]>> futures;

        Batch(long id, String kernel, int kernelId, byte[][] args) {
            this.id = id;
            this.kernel = kernel;
            this.kernelId = kernelId;
            this.args = args;
            if (args.length == 1) {
                this.futures = List.of(new TaskFuture());
            } else {
                List<CompletableFuture<byte[]>> fs = new ArrayList<>(args.length);
                for (int i = 0; i < args.length; i++) {
                    fs.add(new TaskFuture());
                }
                this.futures = fs;
            }
        }

        void fail(Throwable t) {
            for (CompletableFuture<byte[]> f : futures) {
                f.completeExceptionally(t);
            }
        }
    }

    /** The pool's view of one worker: the batches it holds; its reader's sink. */
    private final class Slot implements ReplyReader.Sink {
        final ChildWorker worker;
        /** Batches sent and not yet answered, oldest first (answers mostly come in order); guarded by the pool. */
        final ArrayDeque<Batch> held = new ArrayDeque<>();
        volatile boolean alive = true;

        Slot(ChildWorker worker) {
            this.worker = worker;
        }

        /** Records a batch as held by this worker; under the pool lock. */
        void hold(Batch b) {
            held.add(b);
        }

        /** Removes and returns the held batch {@code id}, null if absent; under the pool lock. */
        Batch release(long id) {
            Iterator<Batch> it = held.iterator();
            while (it.hasNext()) {
                Batch b = it.next();
                if (b.id == id) {
                    it.remove();
                    return b;
                }
            }
            return null;
        }

        void send(Batch b) {
            ReplyReader r = worker.reader();
            for (CompletableFuture<byte[]> f : b.futures) {
                ((TaskFuture) f).assign(r);
            }
            worker.send(b.id, b.kernelId, b.kernel, b.args);
        }

        /** A RESULTS frame: send the next queued batch first, then complete the answered futures. */
        @Override
        public void onFrame(byte[] frame) {
            FrameReader r = new FrameReader(frame);
            if (r.getByte() != Wire.RESULTS) {
                throw new IllegalStateException("unexpected frame type " + frame[0] + " from " + worker.name());
            }
            long id = r.getLong();
            Batch b;
            Batch next = null;
            synchronized (ProcessWorkers.this) {
                b = release(id);
                if (alive && !terminated && !pending.isEmpty()) {
                    next = pending.poll();
                    hold(next);
                }
            }
            if (next != null) {
                send(next);
            }
            if (b != null) { // else terminated meanwhile; its futures were cancelled
                int n = r.getInt();
                for (int i = 0; i < n; i++) {
                    if (r.getByte() == Wire.OK) {
                        b.futures.get(i).complete(r.getBytes());
                    } else {
                        b.futures.get(i).completeExceptionally(Wire.readError(r, worker.name()));
                    }
                }
            }
            checkFinished();
        }

        /** The channel ended or broke: fail what this worker held, release it, replace it if work remains. */
        @Override
        public void onEnd(Throwable cause) {
            List<Batch> lost;
            boolean replace;
            boolean expected;
            synchronized (ProcessWorkers.this) {
                alive = false;
                workers.remove(this);
                lost = new ArrayList<>(held);
                held.clear();
                expected = byeSent || terminated;
                replace = !terminated && !byeSent && (!closed || !pending.isEmpty());
            }
            if (expected && lost.isEmpty()) {
                worker.awaitExit(Duration.ofSeconds(2));
            } else {
                worker.kill();
                WorkerDiedException died = worker.death(cause);
                for (Batch b : lost) {
                    b.fail(died);
                }
            }
            try {
                worker.closeEndpoint();
            } finally {
                // Even if releasing the endpoint failed: the pool goes on, and join() hears of its end.
                if (replace) {
                    replace();
                }
                synchronized (ProcessWorkers.this) {
                    if ((byeSent || terminated) && workers.isEmpty()) {
                        stopped.countDown();
                    }
                }
            }
            checkFinished();
        }
    }
}
