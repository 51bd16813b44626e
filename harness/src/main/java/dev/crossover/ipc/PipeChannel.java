package dev.crossover.ipc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@link FrameChannel} over a pair of byte streams: a child's stdin/stdout seen from either side.
 * A dead peer shows as end of stream ({@link #receive} returns null) or a broken pipe
 * ({@link IOException}), as the OS reports it.
 *
 * <p>System calls per frame, the cost that matters on a pipe:
 * <ul>
 * <li>{@link #send} copies header and body into one array and hands it to the stream in one call,
 *     then flushes: one {@code write} per frame (frames over {@link #COALESCE_LIMIT} take two), and
 *     never a frame left in a buffer.</li>
 * <li>{@link #receive} reads through a {@link BufferedInputStream} (the one a {@link Process}
 *     stream already is, else one of {@link #READ_BUFFER} bytes) and asks it for exactly the
 *     header, then exactly the body: a frame that fits the buffer costs one {@code read}. Asking
 *     for more than is due would make the buffered stream ask the OS whether more is available
 *     ({@code fstat} and {@code ioctl}) after every short read.</li>
 * </ul>
 */
public final class PipeChannel implements FrameChannel {

    /**
     * Read-ahead given to a stream that has none: the largest read the JDK's file streams serve
     * from a buffer on the stack (a larger request allocates and frees native memory per call).
     */
    static final int READ_BUFFER = 8192;

    /** Bodies up to this size are copied behind their header to leave in one write; larger ones leave in two. */
    static final int COALESCE_LIMIT = 1 << 20;

    private final InputStream in;
    private final OutputStream out;
    /** Receiving side only (one reader at a time). */
    private final byte[] header = new byte[FrameCodec.HEADER_BYTES];
    /** Sending side only (callers serialise sends): the header of a frame too large to copy. */
    private final byte[] sendHeader = new byte[FrameCodec.HEADER_BYTES];
    /** Sending side only: header and body of the frame being sent, grown up to the limit. */
    private byte[] frame = new byte[256];

    public PipeChannel(InputStream in, OutputStream out) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, READ_BUFFER);
        this.out = out;
    }

    @Override
    public void send(byte[] body, int offset, int length) throws IOException {
        FrameCodec.checkOutgoing(length);
        if (length > COALESCE_LIMIT) {
            FrameCodec.putHeader(sendHeader, 0, length);
            out.write(sendHeader, 0, FrameCodec.HEADER_BYTES);
            out.write(body, offset, length);
        } else {
            int total = FrameCodec.HEADER_BYTES + length;
            if (total > frame.length) {
                frame = new byte[Math.max(total, Math.min(COALESCE_LIMIT + FrameCodec.HEADER_BYTES, frame.length * 2))];
            }
            FrameCodec.putHeader(frame, 0, length);
            System.arraycopy(body, offset, frame, FrameCodec.HEADER_BYTES, length);
            out.write(frame, 0, total);
        }
        out.flush();
    }

    @Override
    public byte[] receive() throws IOException {
        return FrameCodec.read(in, header);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            in.close();
        }
    }
}
