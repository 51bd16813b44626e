package dev.crossover.load;

import java.nio.ByteBuffer;

/**
 * The delay server's wire format: fixed-size frames, so neither side needs a length prefix.
 *
 * <p>Request, {@value #REQUEST_BYTES} bytes, big-endian: {@code long token}, {@code long
 * delayMicros} (negative: the server's default delay). Reply, {@value #REPLY_BYTES} bytes: {@code
 * long token}, {@code long token ^ REPLY_MAGIC}, so the client can tell a real answer to its own
 * request from anything else.
 */
public final class DelayProtocol {

    /** Size of a request frame. */
    public static final int REQUEST_BYTES = 16;
    /** Size of a reply frame. */
    public static final int REPLY_BYTES = 16;
    /** Mixed into the second half of a reply; a reply without it is not from this server. */
    public static final long REPLY_MAGIC = 0x5DE1A7_C0FFEEL;
    /** Delay field of a question for the peak number of requests held at once (see the class comment). */
    public static final long HELD_PEAK = Long.MIN_VALUE;
    /** The line the server child prints on stdout once it listens, followed by the port. */
    public static final String PORT_LINE_PREFIX = "DELAY_SERVER_PORT ";

    private DelayProtocol() {
    }

    /** Writes a request frame at the start of {@code frame}. */
    public static void putRequest(byte[] frame, long token, long delayMicros) {
        ByteBuffer.wrap(frame).putLong(0, token).putLong(8, delayMicros);
    }

    /** The token of a reply; throws when the frame is not a valid reply. */
    public static long replyToken(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        long token = b.getLong(0);
        if ((token ^ REPLY_MAGIC) != b.getLong(8)) {
            throw new IllegalStateException("delay server sent a malformed reply (check word does not match token "
                    + token + "); is something else listening on that port?");
        }
        return token;
    }
}
