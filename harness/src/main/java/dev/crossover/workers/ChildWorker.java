package dev.crossover.workers;

import dev.crossover.ipc.FrameBuilder;
import dev.crossover.ipc.FrameChannel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One worker child JVM as its parent sees it: the process (started through {@link ChildJvm} the
 * {@link WorkerStart} way: slim class path, AOT cache when prepared; {@link ChildJvm.Child}
 * keeps its stderr tail), the transport endpoint and channel, the handshake, sending requests
 * (defining each kernel before its first batch), BYE, kill, and releasing the endpoint. Reading
 * answers is the {@link ReplyReader}'s job, started by {@link #startReading}.
 */
final class ChildWorker {

    private final ChildJvm.Child child;
    private final WorkerTransport.Endpoint endpoint;
    private final FrameChannel channel;
    private final Object sendLock = new Object();
    private final Set<Integer> definedKernels = new HashSet<>(); // guarded by sendLock
    /** Request frames are encoded here; guarded by sendLock. */
    private FrameBuilder sendBuffer = new FrameBuilder(256);
    /** A send buffer grown beyond this by a large batch is dropped after that send. */
    static final int MAX_KEPT_SEND_BUFFER = 1 << 20;
    private volatile ReplyReader reader;
    private boolean endpointClosed; // guarded by this

    private ChildWorker(ChildJvm.Child child, WorkerTransport.Endpoint endpoint, FrameChannel channel) {
        this.child = child;
        this.endpoint = endpoint;
        this.channel = channel;
    }

    /**
     * Prepares the transport, starts the child JVM and sends HELLO; the caller then calls
     * {@link #handshake()}. On failure everything started is released and the error says what the
     * child wrote on stderr (most often: the JVM refused its options).
     */
    static ChildWorker launch(String baseName, WorkerTransport transport, PoolSpec spec)
            throws IOException {
        WorkerTransport.Endpoint endpoint = transport.prepare(baseName);
        ChildJvm.Child child;
        try {
            child = WorkerStart.launcher(spec.jvmOptions()).name(baseName).args(endpoint.childArgs()).start();
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
        try {
            FrameChannel channel = endpoint.connect(child.process());
            FrameBuilder hello = new FrameBuilder(64);
            hello.putByte(Wire.HELLO).putInt(Wire.VERSION).putInt(spec.childThreads()).putInt(spec.settings().size());
            for (Map.Entry<String, String> e : spec.settings().entrySet()) {
                hello.putString(e.getKey()).putString(e.getValue());
            }
            channel.send(hello.array(), 0, hello.length());
            return new ChildWorker(child, endpoint, channel);
        } catch (IOException | RuntimeException e) {
            Integer exit = child.awaitExit(Duration.ofSeconds(2));
            child.kill();
            List<String> tail = child.finalStderrTail(Duration.ofSeconds(1));
            endpoint.close();
            throw new IOException(child.name() + " failed at start (exit code " + exit + "): " + e.getMessage()
                    + "; last stderr lines: " + tail, e);
        }
    }

    /** Waits for READY; on anything else kills the child, releases the endpoint and says why. */
    void handshake() throws IOException {
        byte[] ready;
        try {
            ready = channel.receive();
        } catch (IOException e) {
            ready = null;
        }
        if (ready == null || ready.length == 0 || ready[0] != Wire.READY) {
            child.kill();
            String end = child.describeEnd();
            closeEndpoint();
            throw new IOException(child.name() + " did not answer the handshake (" + end + ")");
        }
    }

    /**
     * Makes the reader of answers into {@code sink}, before the pool publishes this worker: a sender that
     * picks the worker then always finds its reader. Requests sent before {@link #startReading} count as
     * due and are read once it starts.
     */
    void attachReader(ReplyReader.Sink sink) {
        reader = new ReplyReader(channel, sink, child.name());
    }

    /** Starts the reader {@link #attachReader} made; it also learns when the process exits. */
    void startReading() {
        ReplyReader r = reader;
        child.process().onExit().thenRun(r::peerExited);
        r.start();
    }

    ReplyReader reader() {
        return reader;
    }

    String name() {
        return child.name();
    }

    long pid() {
        return child.pid();
    }

    /**
     * Sends one TASKS frame (a KERNEL frame first if this worker has not seen the kernel) and tells
     * the reader an answer is due. The frame is encoded into a buffer this worker reuses, so a
     * request allocates nothing here. A failed send kills the child: its reader then sees the end
     * and the pool fails what this worker held.
     */
    void send(long batchId, int kernelId, String kernel, byte[][] args) {
        reader.expect();
        synchronized (sendLock) {
            try {
                if (definedKernels.add(kernelId)) {
                    FrameBuilder def = new FrameBuilder(32);
                    def.putByte(Wire.KERNEL).putInt(kernelId).putString(kernel);
                    channel.send(def.array(), 0, def.length());
                }
                FrameBuilder out = sendBuffer;
                out.reset();
                Wire.putTasks(out, batchId, kernelId, args);
                channel.send(out.array(), 0, out.length());
                if (out.array().length > MAX_KEPT_SEND_BUFFER) {
                    sendBuffer = new FrameBuilder(256); // do not keep a huge batch's buffer for the worker's life
                }
            } catch (IOException e) {
                child.kill();
            }
        }
    }

    /** Asks the child to exit once it answered everything it holds. */
    void bye() {
        synchronized (sendLock) {
            try {
                byte[] bye = {Wire.BYE};
                channel.send(bye, 0, 1);
            } catch (IOException e) {
                child.kill();
            }
        }
    }

    void kill() {
        child.kill();
    }

    Integer awaitExit(Duration timeout) {
        return child.awaitExit(timeout);
    }

    /** The worker's death, once it ended: name, pid, exit code and the last stderr lines. */
    WorkerDiedException death(Throwable cause) {
        Integer exit = child.awaitExit(Duration.ofSeconds(2));
        List<String> tail = new ArrayList<>(child.finalStderrTail(Duration.ofSeconds(1)));
        WorkerDiedException died = new WorkerDiedException(child.name(), child.pid(), exit, tail);
        if (cause != null) {
            died.initCause(cause);
        }
        return died;
    }

    /** Releases the transport's resources once, after the child is gone. */
    synchronized void closeEndpoint() {
        if (!endpointClosed) {
            endpointClosed = true;
            endpoint.close();
        }
    }
}
