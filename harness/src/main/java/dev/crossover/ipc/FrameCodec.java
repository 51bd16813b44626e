package dev.crossover.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Length-prefixed binary frames on a byte stream: a 4-byte big-endian body length, then the body.
 * The length is checked against {@link #MAX_FRAME_BYTES} on both sides, so a corrupt or hostile
 * stream fails with a clear error instead of an enormous allocation. {@link PipeChannel} does the
 * I/O; this class only encodes and checks.
 */
public final class FrameCodec {

    /**
     * Largest frame body: 64 MiB. Large enough for any argument a benchmark sends, small enough
     * that a garbled length (a chatty child writing text to the pipe) is caught at once.
     */
    public static final int MAX_FRAME_BYTES = 64 << 20;

    /** Bytes of the length prefix. */
    public static final int HEADER_BYTES = 4;

    private FrameCodec() {
    }

    /** Fails with {@link FrameTooLargeException} when a body of {@code length} bytes may not be sent. */
    public static void checkOutgoing(int length) throws FrameTooLargeException {
        if (length > MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(length, "frame");
        }
    }

    /** Writes the length prefix of a body of {@code length} bytes at {@code dst[offset]}. */
    public static void putHeader(byte[] dst, int offset, int length) {
        dst[offset] = (byte) (length >>> 24);
        dst[offset + 1] = (byte) (length >>> 16);
        dst[offset + 2] = (byte) (length >>> 8);
        dst[offset + 3] = (byte) length;
    }

    /**
     * The body length announced by the header in {@code h[0, 4)}.
     *
     * @throws FrameTooLargeException when it is negative or over the limit
     */
    public static int bodyLength(byte[] h) throws FrameTooLargeException {
        int length = ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(length & 0xFFFFFFFFL,
                    "incoming frame (is something else writing to this stream?)");
        }
        return length;
    }

    /**
     * Reads one frame body from {@code in}, asking it for exactly the bytes of the header, then of
     * the body: a buffered stream then serves a small frame from a single read of the pipe, and
     * never has to ask the OS whether more is available. Null on end of stream before a header.
     *
     * @param header scratch space of at least {@link #HEADER_BYTES} bytes
     * @throws EOFException when the stream ends inside a frame
     * @throws FrameTooLargeException when the announced length is negative or over the limit
     */
    public static byte[] read(InputStream in, byte[] header) throws IOException {
        int n = in.readNBytes(header, 0, HEADER_BYTES);
        if (n == 0) {
            return null;
        }
        if (n < HEADER_BYTES) {
            throw new EOFException("stream ended inside a frame header");
        }
        int length = bodyLength(header);
        byte[] body = new byte[length];
        int got = in.readNBytes(body, 0, length);
        if (got < length) {
            throw new EOFException("stream ended inside a frame: " + got + " of " + length + " bytes");
        }
        return body;
    }
}
