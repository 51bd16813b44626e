package dev.crossover.ipc;

import java.io.Closeable;
import java.io.IOException;

/**
 * One end of a bidirectional channel of opaque binary frames between a parent JVM and one child
 * JVM. The pool speaks its protocol over this; a transport (pipe, shared memory) only moves frames.
 *
 * <p>Threads: {@link #send} is called by one thread at a time (callers serialise sends per
 * channel), possibly concurrently with {@link #receive}, which only one thread (the reader of this
 * channel) ever calls. {@link #close} may be called from any thread at any time, also while another
 * thread is blocked in {@code receive} or {@code send}; it must unblock them.
 *
 * <p>Liveness: when the peer is gone (exited, killed, closed its end), a blocked {@code receive}
 * returns {@code null} (orderly end) or throws {@link IOException} (broken), within about one
 * second; it never blocks forever on a dead peer. A {@code send} to a dead peer throws
 * {@link IOException} or is silently dropped; the pool learns of the death from {@code receive}.
 */
public interface FrameChannel extends Closeable {

    /**
     * Sends {@code body[offset, offset+length)} as one frame; the bytes may be reused once this
     * returns. A frame is delivered whole or not at all.
     *
     * @throws FrameTooLargeException when {@code length > } {@link FrameCodec#MAX_FRAME_BYTES}
     */
    void send(byte[] body, int offset, int length) throws IOException;

    /** The next frame's body (a fresh array), blocking until one arrives; null when the peer ended the channel. */
    byte[] receive() throws IOException;

    /** Releases this end; idempotent; unblocks a thread blocked in {@link #receive}. */
    @Override
    void close() throws IOException;
}
