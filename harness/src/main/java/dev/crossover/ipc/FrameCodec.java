package dev.crossover.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed binary frames on a byte stream: a 4-byte big-endian body length, then the body.
 * The length is checked against {@link #MAX_FRAME_BYTES} on both sides, so a corrupt or hostile
 * stream fails with a clear error instead of an enormous allocation.
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

    /** Writes one frame (header and body), without flushing. */
    public static void write(OutputStream out, byte[] body, int offset, int length) throws IOException {
        if (length > MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(length, "frame");
        }
        byte[] header = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        out.write(header, 0, HEADER_BYTES);
        out.write(body, offset, length);
    }

    /**
     * Reads one frame body; null on end of stream before a header (orderly end).
     *
     * @throws EOFException when the stream ends inside a frame
     * @throws FrameTooLargeException when the announced length is negative or over the limit
     */
    public static byte[] read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        if ((b1 | b2 | b3) < 0) {
            throw new EOFException("stream ended inside a frame header");
        }
        int length = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(length & 0xFFFFFFFFL,
                    "incoming frame (is something else writing to this stream?)");
        }
        byte[] body = new byte[length];
        int n = in.readNBytes(body, 0, length);
        if (n < length) {
            throw new EOFException("stream ended inside a frame: " + n + " of " + length + " bytes");
        }
        return body;
    }
}
