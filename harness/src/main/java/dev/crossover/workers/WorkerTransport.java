package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;

import java.io.IOException;
import java.util.List;

/**
 * How {@link ProcessWorkers} talks to its child JVMs: the parent side of a transport. The pool's
 * protocol ({@link Wire}: handshake, kernel ids, batches, results, errors) is the same for every
 * transport; a transport only moves opaque frames, so a new one (shared memory) is added by writing
 * this interface, a {@link ChildTransport} and a {@link FrameChannel}, without touching the pool.
 *
 * <p>Life of one worker, all on pool threads:
 * <ol>
 * <li>{@link #prepare} (the thread starting the worker): create what the child needs (files,
 *     rings) before the child exists; return an {@link Endpoint}.</li>
 * <li>the pool starts the child JVM as {@code java <jvmOptions> -cp <class path>
 *     dev.crossover.workers.WorkerMain <endpoint.childArgs()>}. Empty {@code childArgs} means the
 *     pipe transport; otherwise the first argument is the class name of a {@link ChildTransport}.</li>
 * <li>{@link Endpoint#connect} (same thread): the parent's channel to that child. The child's
 *     stdin stays open and unused by non-pipe transports: it is the child's lifeline (end of stream
 *     = parent gone), which {@link WorkerMain} watches.</li>
 * <li>{@link FrameChannel#send} from any submitting thread and from the worker's reader thread,
 *     serialised by the pool; {@link FrameChannel#receive} only from the worker's reader thread.</li>
 * <li>Death: {@code receive} must return null or throw within about one second after the child
 *     died (the pipe sees end of stream; a shared-memory channel must poll {@link Process#isAlive()}
 *     of the process given to {@code connect} while it waits). The pool then fails the tasks that
 *     worker held with {@link WorkerDiedException} and starts a replacement.</li>
 * <li>{@link Endpoint#close} exactly once, after the child has exited or been killed (also when
 *     start failed): delete files, unmap memory. It may run while other threads of the parent
 *     still touch the channel (a sender, a wake on the child's exit): it must not fail for that,
 *     and must not unmap memory under a thread in a native call on it.</li>
 * </ol>
 */
public interface WorkerTransport {

    /** Short name for worker names and errors, e.g. {@code pipe}. */
    String name();

    /** Prepares the resources of one worker before its child JVM starts. */
    Endpoint prepare(String workerName) throws IOException;

    /** One worker's end of the transport. */
    interface Endpoint {

        /** Program arguments for {@link WorkerMain}: empty for the pipe, else a {@link ChildTransport} class name first. */
        List<String> childArgs();

        /** The parent's channel to the started child; called once, right after the child started. */
        FrameChannel connect(Process child) throws IOException;

        /** Releases everything {@code prepare} and {@code connect} made; called once, after the child is gone. */
        void close();
    }
}
