package dev.crossover.ipc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one frame body: big-endian ints and longs, length-prefixed byte arrays and UTF-8 strings.
 * Not thread-safe; plain code only (no lambdas), since a child JVM uses it on its start path.
 */
public final class FrameBuilder {

    private byte[] buf;
    private int len;

    public FrameBuilder(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        long need = (long) len + more;
        if (need > buf.length) {
            long grown = Math.max(need, (long) buf.length * 2);
            // Stay one past the limit at most: the check in FrameCodec reports the real length.
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
    }

    /** Makes room for {@code bytes} more bytes at once, so a large body is not grown by repeated copies. */
    public FrameBuilder reserve(int bytes) {
        ensure(bytes);
        return this;
    }

    public FrameBuilder putByte(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public FrameBuilder putInt(int v) {
        ensure(4);
        buf[len] = (byte) (v >>> 24);
        buf[len + 1] = (byte) (v >>> 16);
        buf[len + 2] = (byte) (v >>> 8);
        buf[len + 3] = (byte) v;
        len += 4;
        return this;
    }

    public FrameBuilder putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    /** An int length, then the bytes. */
    public FrameBuilder putBytes(byte[] b) {
        putInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** A string as UTF-8 bytes with an int length; null is written as length -1. */
    public FrameBuilder putString(String s) {
        if (s == null) {
            return putInt(-1);
        }
        return putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The backing array; the body is {@code [0, length())}. */
    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** Empties the builder, keeping its capacity. */
    public void reset() {
        len = 0;
    }
}
