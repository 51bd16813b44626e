package dev.crossover.workers;

import dev.crossover.ipc.FrameBuilder;
import dev.crossover.ipc.FrameChannel;
import dev.crossover.ipc.FrameReader;
import dev.crossover.ipc.FrameTooLargeException;
import dev.crossover.ipc.PipeChannel;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Entry point of a worker child JVM started by {@link ProcessWorkers}. Its main thread reads frames
 * (see {@link Wire}) and hands task batches to {@code childThreads} runner threads, which answer.
 *
 * <p>Its start is measured ({@code SpawnBench}), so the path to the first answer is kept lean: no
 * lambdas, streams, records or string concatenation (each would bootstrap invokedynamic machinery),
 * no FFM, nothing the pipe transport does not need, and reflection through native accessors (see
 * {@link #main}). It runs from the slim class path and AOT cache of {@link WorkerStart}.
 *
 * <p>Lifeline: the parent holds the child's stdin; end of that stream (the parent closed it, exited
 * or was killed, even by SIGKILL) ends the child at once, so a child never outlives its parent.
 * {@code System.out} is redirected to stderr, so a chatty kernel cannot corrupt the frames on stdout.
 */
public final class WorkerMain {

    private final FrameChannel channel;
    private final Object sendLock = new Object();
    /** A task running longer than this while its thread holds the reader role lets a follower take the role. */
    static final long STEAL_MILLIS = 50;

    private final Object roleLock = new Object();
    private final ArrayDeque<byte[]> overflow = new ArrayDeque<>(); // guarded by roleLock
    private Thread reader; // holds the reader role; guarded by roleLock
    private long inlineSince; // when the reader started running a task while keeping the role, else 0; guarded by roleLock
    private int running; // guarded by roleLock
    private int maxRunning;
    private Map<String, String> settings;
    private Kernel[] kernels = new Kernel[8];
    private Throwable[] kernelErrors = new Throwable[8];

    private WorkerMain(FrameChannel channel) {
        this.channel = channel;
    }

    public static void main(String[] args) throws Exception {
        // Before any reflective call: reflection through the JVM's native accessors. The default
        // (method handles) spins lambda forms with the class-file API on the first reflective
        // constructor call, which ServiceLoader makes for every kernel: some 190 more classes to
        // load before the first answer. Kernels are called through their interface, not reflection.
        System.setProperty("jdk.reflect.useNativeAccessorOnly", "true");
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        System.setOut(System.err);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        FrameChannel channel;
        if (args.length == 0) {
            channel = new PipeChannel(stdin, stdout);
        } else {
            ChildTransport transport = (ChildTransport) Class.forName(args[0]).getDeclaredConstructor().newInstance();
            channel = transport.open(Arrays.copyOfRange(args, 1, args.length), stdin, stdout);
            if (!transport.readsStdin()) {
                new Lifeline(stdin).start();
            }
        }
        new WorkerMain(channel).run();
    }

    private void run() {
        int code = 0;
        try {
            byte[] hello = channel.receive();
            if (hello == null) {
                exit(0);
            }
            FrameReader r = new FrameReader(hello);
            if (r.getByte() != Wire.HELLO) {
                throw new IllegalStateException("first frame from the parent is not HELLO");
            }
            int version = r.getInt();
            if (version != Wire.VERSION) {
                throw new IllegalStateException(new StringBuilder("parent speaks protocol ").append(version)
                        .append(", this worker ").append(Wire.VERSION)
                        .append("; parent and child must run the same jars").toString());
            }
            int threads = r.getInt();
            int n = r.getInt();
            settings = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String key = r.getString();
                settings.put(key, r.getString());
            }
            FrameBuilder ready = new FrameBuilder(16);
            ready.putByte(Wire.READY).putInt(Wire.VERSION);
            send(ready);
            maxRunning = threads;
            // Leader/follower: threads + 1 threads (this one included) take turns reading; see serve().
            for (int i = 0; i < threads; i++) {
                Runner runner = new Runner(this);
                runner.setName(new StringBuilder("worker-runner-").append(i + 1).toString());
                runner.setDaemon(true);
                runner.start();
            }
            serve(new FrameBuilder(256));
        } catch (Throwable t) {
            System.err.println("worker: " + t);
            t.printStackTrace();
            code = 3;
        }
        exit(code);
    }

    /**
     * The loop of every thread of the child (leader/follower). One thread at a time holds the reader
     * role and blocks on the channel, so stdin (the lifeline) is read even while tasks run. The
     * reader that receives a task runs it itself, so the answer never waits for a thread wake-up:
     * <ul>
     * <li>with one runner ({@code childThreads == 1}) it keeps the role while it runs the task (no
     *     other task could run anyway; the next frame waits in the pipe). Followers wake every
     *     {@link #STEAL_MILLIS} ms, and one takes the role over when a task has run longer than
     *     that, so the end of stdin is still seen within a fraction of a second;</li>
     * <li>with several runners it hands the role to a follower first (one wake-up beside the task,
     *     not before it), so further tasks overlap; followers then wait untimed, so an idle child of
     *     thousands of runners costs no CPU.</li>
     * </ul>
     * When {@code childThreads} tasks already run, the reader queues task frames and keeps reading.
     */
    void serve(FrameBuilder out) throws Exception {
        Thread me = Thread.currentThread();
        boolean reading = false;
        while (true) {
            byte[] work = null;
            if (!reading) {
                synchronized (roleLock) {
                    while (true) {
                        if (!overflow.isEmpty() && running < maxRunning) {
                            work = overflow.poll();
                            running++;
                            break;
                        }
                        if (reader == null) {
                            reader = me;
                            break;
                        }
                        if (inlineSince != 0 && System.nanoTime() - inlineSince > STEAL_MILLIS * 1_000_000L) {
                            reader = me; // the reader is stuck in a long task: read in its place
                            inlineSince = 0;
                            break;
                        }
                        // Only a single runner keeps the role through its task, so only then must followers look
                        // again on their own; with several, the role is handed over by notify. Timed waits of
                        // thousands of followers (a child of an I/O pool) would wake the CPU tens of thousands
                        // of times a second while idle.
                        roleLock.wait(maxRunning == 1 ? STEAL_MILLIS : 0);
                    }
                }
            }
            if (work == null) {
                work = readUntilTask(me);
            }
            runBatch(work, out);
            synchronized (roleLock) {
                running--;
                reading = reader == me; // kept the role through the task, unless a follower took it
                if (reading) {
                    inlineSince = 0;
                }
            }
        }
    }

    /** Reads as the reader until a task frame this thread may run; ends the child at end of stream or BYE. */
    private byte[] readUntilTask(Thread me) throws IOException {
        while (true) {
            byte[] frame = channel.receive();
            if (frame == null) {
                exit(0);
            }
            int type = frame[0];
            if (type == Wire.TASKS) {
                synchronized (roleLock) {
                    if (running < maxRunning) {
                        running++;
                        if (maxRunning == 1) {
                            inlineSince = System.nanoTime();
                        } else {
                            reader = null;
                            roleLock.notify();
                        }
                        return frame;
                    }
                    overflow.add(frame);
                }
            } else if (type == Wire.KERNEL) {
                define(new FrameReader(frame));
            } else if (type == Wire.BYE) {
                exit(0);
            } else {
                throw new IllegalStateException(new StringBuilder("unknown frame type ").append(type).toString());
            }
        }
    }

    private void define(FrameReader r) {
        r.getByte();
        int id = r.getInt();
        String name = r.getString();
        if (id >= kernels.length) {
            kernels = Arrays.copyOf(kernels, Math.max(id + 1, kernels.length * 2));
            kernelErrors = Arrays.copyOf(kernelErrors, kernels.length);
        }
        try {
            Kernel kernel = find(name);
            kernel.open(settings);
            kernels[id] = kernel;
        } catch (Throwable t) {
            kernelErrors[id] = t;
        }
    }

    private static Kernel find(String name) {
        Iterator<Kernel> it = ServiceLoader.load(Kernel.class).iterator();
        while (it.hasNext()) {
            Kernel k = it.next();
            if (name.equals(k.name())) {
                return k;
            }
        }
        throw new IllegalArgumentException(new StringBuilder("unknown kernel '").append(name)
                .append("' in the worker JVM; is its jar on the class path the workers were started with?").toString());
    }

    private void send(FrameBuilder frame) throws IOException {
        synchronized (sendLock) {
            channel.send(frame.array(), 0, frame.length());
        }
    }

    /** Runs one TASKS frame and sends its RESULTS frame; a result too large for a frame becomes an error. */
    void runBatch(byte[] frame, FrameBuilder out) throws IOException {
        FrameReader r = new FrameReader(frame);
        r.getByte();
        long batchId = r.getLong();
        int kernelId = r.getInt();
        int count = r.getInt();
        Kernel kernel = kernelId < kernels.length ? kernels[kernelId] : null;
        Throwable kernelError = kernelId < kernelErrors.length ? kernelErrors[kernelId] : null;
        if (kernel == null && kernelError == null) {
            kernelError = new IllegalStateException("task for undefined kernel id " + kernelId);
        }
        out.reset();
        out.putByte(Wire.RESULTS).putLong(batchId).putInt(count);
        for (int i = 0; i < count; i++) {
            byte[] arg = r.getBytes();
            if (kernelError != null) {
                Wire.putError(out, kernelError);
                continue;
            }
            try {
                byte[] result = kernel.apply(arg);
                if (result == null) {
                    throw new IllegalStateException("kernel '" + kernel.name() + "' returned null; return an empty array instead");
                }
                out.putByte(Wire.OK).putBytes(result);
            } catch (Throwable t) {
                Wire.putError(out, t);
            }
        }
        try {
            send(out);
        } catch (FrameTooLargeException e) {
            // The results do not fit one frame: tell the caller why instead of dying.
            out.reset();
            out.putByte(Wire.RESULTS).putLong(batchId).putInt(count);
            for (int i = 0; i < count; i++) {
                Wire.putError(out, e);
            }
            send(out);
        }
    }

    void exit(int code) {
        for (Kernel k : kernels) {
            if (k != null) {
                try {
                    k.close();
                } catch (Throwable t) {
                    System.err.println("worker: closing kernel " + k.name() + " failed: " + t);
                }
            }
        }
        System.exit(code);
    }

    /** A thread of the leader/follower loop; plain class, no lambda. */
    private static final class Runner extends Thread {
        private final WorkerMain main;

        Runner(WorkerMain main) {
            this.main = main;
        }

        @Override
        public void run() {
            try {
                main.serve(new FrameBuilder(256));
            } catch (Throwable t) {
                // Reading or sending failed: the parent is gone or the stream is corrupt.
                System.err.println("worker: " + t);
                t.printStackTrace();
                main.exit(3);
            }
        }
    }

    /** Ends the child when stdin ends, for transports that do not read stdin themselves. */
    private static final class Lifeline extends Thread {
        private final InputStream stdin;

        Lifeline(InputStream stdin) {
            this.stdin = stdin;
            setName("worker-lifeline");
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] sink = new byte[64];
            try {
                while (stdin.read(sink) >= 0) {
                    // The parent never writes here; anything read is ignored.
                }
            } catch (IOException ignored) {
                // A broken stdin means the parent is gone, same as end of stream.
            }
            Runtime.getRuntime().halt(0);
        }
    }
}
