package dev.crossover.workers;

import dev.crossover.ipc.FrameBuilder;
import dev.crossover.ipc.FrameChannel;
import dev.crossover.ipc.FrameCodec;
import dev.crossover.ipc.FrameReader;
import dev.crossover.ipc.FrameTooLargeException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Executor#PROCESS_PIPE} (and, with another {@link WorkerTransport}, PROCESS_SHM): {@code size}
 * child JVMs running {@link WorkerMain}, started with this JVM's {@code java} binary and class path
 * plus the spec's JVM options.
 *
 * <p>Dispatch: a chunk becomes one batch (one frame). The submitting thread hands it straight to the
 * least busy live worker holding fewer than {@code inFlight} batches, or queues it; a worker's
 * reader thread, on each answer, sends that worker the next queued batch before completing the
 * answered futures, so a worker does not idle through a round trip.
 *
 * <p>Reading: one thread at a time reads a worker's channel. A caller blocked in {@code get()} on a
 * task the worker holds reads it itself (so its answer costs the pipe's wake-up only, as a bare
 * read would); otherwise the worker's background reader does, after a 1 ms grace that lets a
 * caller arrive. Futures complete, and callbacks run, on whichever thread read the answer.
 *
 * <p>Faults: the kernel's exception comes back as {@link RemoteTaskException}; when a worker dies
 * its reader sees the end of its channel, fails only the batches that worker held with
 * {@link WorkerDiedException} (name, pid, exit code, last stderr lines) and starts a replacement.
 */
final class ProcessWorkers extends AbstractWorkers {

    /** Lines of each child's stderr kept for the death report. */
    static final int STDERR_LINES = 20;

    private final PoolSpec spec;
    private final WorkerTransport transport;
    private final Set<String> kernelNames;
    private final Map<String, Integer> kernelIds = new HashMap<>();
    private final AtomicLong batchIds = new AtomicLong();
    private final List<String> command;

    // Guarded by "this".
    private final List<Worker> workers = new ArrayList<>();
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
        this.kernelNames = new HashSet<>(KernelRegistry.standard().names());
        this.command = List.copyOf(ChildJvm.command(spec.jvmOptions(), WorkerMain.class.getName(), List.of()));
        List<Worker> started = new ArrayList<>();
        try {
            for (int i = 0; i < spec.size(); i++) {
                started.add(launch(nextWorkerNumber++));
            }
            for (Worker w : started) {
                w.handshake();
            }
        } catch (IOException | RuntimeException e) {
            for (Worker w : started) {
                w.kill();
                w.awaitExit(2000);
                w.closeEndpoint();
            }
            throw new IllegalStateException("could not start " + transport.name() + " workers with command "
                    + command + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            workers.addAll(started);
        }
        for (Worker w : started) {
            w.startReader();
        }
    }

    /** The command each child is started with, before the transport's program arguments. */
    List<String> command() {
        return command;
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
        for (Worker w : workers) {
            names.add(w.name);
        }
        return names;
    }

    @Override
    public synchronized List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Worker w : workers) {
            pids.add(w.pid);
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
            throw new KernelRegistry.UnknownKernelException(kernel, List.copyOf(new java.util.TreeSet<>(kernelNames)));
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(spec.executor() + " pool is closed; no new tasks are accepted");
            }
        }
        byte[][] a = args.toArray(new byte[0][]);
        long payload = 0;
        for (byte[] b : a) {
            payload += 4 + b.length;
        }
        if (payload + 17 > FrameCodec.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException(new FrameTooLargeException(payload + 17,
                    "a batch of " + a.length + " task(s) for kernel '" + kernel + "'").getMessage());
        }
        int kid = kernelId(kernel);
        long id = batchIds.incrementAndGet();
        FrameBuilder frame = Wire.tasks(id, kid, a);
        Batch batch = new Batch(id, kernel, kid, frame, a.length);
        Worker target;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(spec.executor() + " pool is closed; no new tasks are accepted");
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
    private Worker pickWorker() {
        Worker best = null;
        int n = workers.size();
        for (int i = 0; i < n; i++) {
            Worker w = workers.get((rotate + i) % n);
            if (w.alive && w.held.size() < spec.inFlight() && (best == null || w.held.size() < best.held.size())) {
                best = w;
            }
        }
        rotate++;
        return best;
    }

    private Worker launch(int number) throws IOException {
        String baseName = "process-" + number;
        WorkerTransport.Endpoint endpoint = transport.prepare(baseName);
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(endpoint.childArgs());
        Process process;
        try {
            process = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            endpoint.close();
            throw e;
        }
        Worker w = new Worker(baseName, process, endpoint);
        try {
            w.channel = endpoint.connect(process);
            FrameBuilder hello = new FrameBuilder(64);
            hello.putByte(Wire.HELLO).putInt(Wire.VERSION).putInt(spec.childThreads()).putInt(spec.settings().size());
            for (Map.Entry<String, String> e : spec.settings().entrySet()) {
                hello.putString(e.getKey()).putString(e.getValue());
            }
            w.channel.send(hello.array(), 0, hello.length());
        } catch (IOException | RuntimeException e) {
            // Most often the JVM refused its options and exited: say what it wrote.
            Integer exit = w.awaitExit(2000);
            w.kill();
            w.stderrTail.awaitEnd(1000);
            endpoint.close();
            throw new IOException(w.name + " failed at start (exit code " + exit + "): " + e.getMessage()
                    + "; last stderr lines: " + w.stderrTail.lines(), e);
        }
        return w;
    }

    /** Called on a worker's reader thread for each RESULTS frame. */
    private void onResults(Worker w, byte[] frame) {
        FrameReader r = new FrameReader(frame);
        if (r.getByte() != Wire.RESULTS) {
            throw new IllegalStateException("unexpected frame type " + frame[0] + " from " + w.name);
        }
        long id = r.getLong();
        Batch b;
        Batch next = null;
        synchronized (this) {
            b = w.held.remove(id);
            w.heldCount = w.held.size();
            if (w.alive && !terminated && !pending.isEmpty()) {
                next = pending.poll();
                w.hold(next);
            }
        }
        if (next != null) {
            w.send(next);
        }
        if (b == null) {
            return; // terminated meanwhile; its futures were cancelled
        }
        int n = r.getInt();
        for (int i = 0; i < n; i++) {
            if (r.getByte() == Wire.OK) {
                b.futures.get(i).complete(r.getBytes());
            } else {
                b.futures.get(i).completeExceptionally(Wire.readError(r, w.name));
            }
        }
        checkFinished();
    }

    /** Sends BYE to every worker once the pool is closed and nothing is left to do. */
    private void checkFinished() {
        List<Worker> toStop;
        synchronized (this) {
            if (!closed || byeSent || !pending.isEmpty()) {
                return;
            }
            for (Worker w : workers) {
                if (!w.held.isEmpty()) {
                    return;
                }
            }
            byeSent = true;
            toStop = new ArrayList<>(workers);
            if (workers.isEmpty()) {
                stopped.countDown();
            }
        }
        for (Worker w : toStop) {
            w.bye();
        }
    }

    /** Called once per worker on its reader thread when its channel ended or broke. */
    private void onGone(Worker w, Throwable cause) {
        List<Batch> held;
        boolean replace;
        boolean expected;
        synchronized (this) {
            w.alive = false;
            workers.remove(w);
            held = new ArrayList<>(w.held.values());
            w.held.clear();
            w.heldCount = 0;
            expected = byeSent || terminated;
            replace = !terminated && !byeSent && (!closed || !pending.isEmpty());
        }
        if (expected && held.isEmpty()) {
            w.awaitExit(2000);
        } else {
            w.kill();
            Integer exit = w.awaitExit(2000);
            w.stderrTail.awaitEnd(1000);
            WorkerDiedException died = new WorkerDiedException(w.name, w.pid, exit, w.stderrTail.lines());
            if (cause != null) {
                died.initCause(cause);
            }
            for (Batch b : held) {
                for (CompletableFuture<byte[]> f : b.futures) {
                    f.completeExceptionally(died);
                }
            }
        }
        w.closeEndpoint();
        if (replace) {
            replace();
        }
        synchronized (this) {
            if ((byeSent || terminated) && workers.isEmpty()) {
                stopped.countDown();
            }
        }
        checkFinished();
    }

    private void replace() {
        Worker fresh;
        try {
            int number;
            synchronized (this) {
                number = nextWorkerNumber++;
            }
            fresh = launch(number);
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
                for (CompletableFuture<byte[]> f : b.futures) {
                    f.completeExceptionally(ex);
                }
            }
            return;
        }
        List<Batch> toSend = new ArrayList<>();
        synchronized (this) {
            if (terminated) {
                fresh.alive = false;
            } else {
                workers.add(fresh);
                while (fresh.held.size() < spec.inFlight() && !pending.isEmpty()) {
                    Batch b = pending.poll();
                    fresh.hold(b);
                    toSend.add(b);
                }
            }
        }
        if (!fresh.alive) {
            fresh.kill();
            fresh.awaitExit(2000);
            fresh.closeEndpoint();
            return;
        }
        fresh.startReader();
        for (Batch b : toSend) {
            fresh.send(b);
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
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void terminate() {
        List<Batch> lost = new ArrayList<>();
        List<Worker> all;
        synchronized (this) {
            closed = true;
            terminated = true;
            lost.addAll(pending);
            pending.clear();
            all = new ArrayList<>(workers);
            for (Worker w : workers) {
                lost.addAll(w.held.values());
                w.held.clear();
                w.heldCount = 0;
            }
            if (workers.isEmpty()) {
                stopped.countDown();
            }
        }
        for (Batch b : lost) {
            for (CompletableFuture<byte[]> f : b.futures) {
                f.completeExceptionally(new CancellationException("pool terminated"));
            }
        }
        for (Worker w : all) {
            w.kill();
        }
        for (Worker w : all) {
            w.awaitExit(2000);
        }
    }

    /** One chunk of tasks, sent as one frame. */
    private static final class Batch {
        final long id;
        final String kernel;
        final int kernelId;
        final FrameBuilder frame;
        final List<CompletableFuture<byte[]>> futures;

        Batch(long id, String kernel, int kernelId, FrameBuilder frame, int n) {
            this.id = id;
            this.kernel = kernel;
            this.kernelId = kernelId;
            this.frame = frame;
            List<CompletableFuture<byte[]>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                fs.add(new TaskFuture());
            }
            this.futures = fs;
        }
    }

    /** One child JVM and the parent's view of it. */
    private final class Worker implements TaskFuture.Reader {
        final Process process;
        final long pid;
        final String name;
        final WorkerTransport.Endpoint endpoint;
        final StderrTail stderrTail;
        final Map<Long, Batch> held = new LinkedHashMap<>(); // guarded by the pool
        final Set<Integer> definedKernels = new HashSet<>(); // guarded by sendLock
        final Object sendLock = new Object();
        volatile boolean alive = true;
        FrameChannel channel;

        Worker(String baseName, Process process, WorkerTransport.Endpoint endpoint) {
            this.process = process;
            this.pid = process.pid();
            this.name = baseName + " (pid " + pid + ")";
            this.endpoint = endpoint;
            this.stderrTail = new StderrTail(process, name);
        }

        void handshake() throws IOException {
            byte[] ready = channel.receive();
            if (ready == null || ready[0] != Wire.READY) {
                kill();
                Integer exit = awaitExit(2000);
                stderrTail.awaitEnd(1000);
                closeEndpoint();
                throw new IOException(name + " did not answer the handshake (exit code " + exit + "); last stderr lines: "
                        + stderrTail.lines());
            }
        }

        /** Records a batch as held by this worker; under the pool lock. */
        void hold(Batch b) {
            held.put(b.id, b);
            heldCount = held.size();
            for (CompletableFuture<byte[]> f : b.futures) {
                ((TaskFuture) f).reader = this;
            }
        }

        void startReader() {
            process.onExit().thenRun(() -> {
                synchronized (role) {
                    exited = true;
                    role.notifyAll();
                }
            });
            Thread t = new Thread(this::backgroundReader, name + "-reader");
            t.setDaemon(true);
            t.start();
        }

        // Reading role. One thread at a time reads this worker's channel: a caller blocked in get()
        // on one of its tasks (so its answer needs no second thread to wake it: the wake-up is the
        // pipe's, as in a bare read), or else this worker's background reader. All guarded by role.
        final Object role = new Object();
        private Thread reader;
        private int waiters;
        private boolean ended;
        private boolean exited;
        private boolean bgParked;
        private Throwable endCause;
        volatile int heldCount; // written under the pool lock

        /** Reads one frame as the role holder; false when the channel ended (recorded for the background reader). */
        private boolean readOne() {
            Throwable cause = null;
            try {
                byte[] frame = channel.receive();
                if (frame != null) {
                    onResults(this, frame);
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                cause = e;
            }
            synchronized (role) {
                ended = true;
                endCause = cause;
                role.notifyAll();
            }
            return false;
        }

        private boolean backgroundShouldRead() {
            return reader == null && waiters == 0 && (heldCount > 0 || exited);
        }

        /** Reads whenever no caller does and something is to be read; handles the worker's end. */
        private void backgroundReader() {
            Thread me = Thread.currentThread();
            // True right after this thread read an answer: while more answers are due and no caller
            // reads, it reads on at once. The grace is only for a reader that was parked: a timed
            // wait overshoots by a few hundred µs on virtualised cores, and paying it before every
            // answer would let a streaming worker run dry (each answer late by the overshoot).
            boolean streaming = false;
            try {
                while (true) {
                    synchronized (role) {
                        while (!ended) {
                            if (backgroundShouldRead()) {
                                if (streaming) {
                                    break;
                                }
                                // Give a caller about to block in get() the chance to read its own answer.
                                role.wait(1);
                                if (backgroundShouldRead()) {
                                    break;
                                }
                                continue;
                            }
                            streaming = false;
                            bgParked = true;
                            role.wait();
                            bgParked = false;
                        }
                        if (ended) {
                            break;
                        }
                        reader = me;
                    }
                    boolean more = readOne();
                    streaming = true;
                    synchronized (role) {
                        reader = null;
                        if (waiters > 0) {
                            role.notifyAll();
                        }
                    }
                    if (!more) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Throwable cause;
            synchronized (role) {
                cause = endCause;
            }
            onGone(this, cause);
        }

        /** Wakes the background reader after this worker was given a batch. */
        private void poke() {
            synchronized (role) {
                if (bgParked && reader == null && waiters == 0) {
                    role.notify();
                }
            }
        }

        /**
         * Called by a caller blocked in {@code get()} on {@code f}, a task this worker holds: reads
         * the channel itself while nobody else does, until {@code f} is done or the worker ended.
         */
        @Override
        public void readUntilDone(CompletableFuture<byte[]> f) throws InterruptedException {
            Thread me = Thread.currentThread();
            synchronized (role) {
                waiters++;
            }
            try {
                while (!f.isDone()) {
                    synchronized (role) {
                        if (ended) {
                            return; // the background reader reports the death and fails f
                        }
                        if (reader != null) {
                            role.wait();
                            continue;
                        }
                        reader = me;
                    }
                    boolean more = readOne();
                    synchronized (role) {
                        reader = null;
                        // Wake only who can use the role: other waiting callers, or the background
                        // reader when answers are still due. A lone caller going home wakes no one.
                        if (waiters > 1 || (bgParked && heldCount > 0)) {
                            role.notifyAll();
                        }
                    }
                    if (!more) {
                        return;
                    }
                }
            } finally {
                synchronized (role) {
                    waiters--;
                    if (waiters == 0 && bgParked && heldCount > 0) {
                        role.notify();
                    }
                }
            }
        }

        /** Sends a batch, defining its kernel first if this worker has not seen it; a failure shows as the worker's death. */
        void send(Batch b) {
            synchronized (sendLock) {
                try {
                    if (definedKernels.add(b.kernelId)) {
                        FrameBuilder def = new FrameBuilder(32);
                        def.putByte(Wire.KERNEL).putInt(b.kernelId).putString(b.kernel);
                        channel.send(def.array(), 0, def.length());
                    }
                    channel.send(b.frame.array(), 0, b.frame.length());
                } catch (IOException e) {
                    // The reader sees the end of the channel and fails what this worker held, b included.
                    kill();
                }
            }
            poke();
        }

        void bye() {
            synchronized (sendLock) {
                try {
                    byte[] bye = {Wire.BYE};
                    channel.send(bye, 0, 1);
                } catch (IOException e) {
                    kill();
                }
            }
        }

        void kill() {
            process.destroyForcibly();
        }

        private boolean endpointClosed;

        /** Releases the transport's resources once, after the child is gone. */
        synchronized void closeEndpoint() {
            if (!endpointClosed) {
                endpointClosed = true;
                endpoint.close();
            }
        }

        Integer awaitExit(long millis) {
            try {
                if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    /** Drains a child's stderr so it can never block, keeping the last lines for death reports. */
    static final class StderrTail {
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private final Thread thread;

        StderrTail(Process process, String name) {
            thread = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lines) {
                            if (lines.size() == STDERR_LINES) {
                                lines.removeFirst();
                            }
                            lines.addLast(line);
                        }
                    }
                } catch (IOException | UncheckedIOException ignored) {
                    // The child is gone; what was read is kept.
                }
            }, name + "-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitEnd(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
