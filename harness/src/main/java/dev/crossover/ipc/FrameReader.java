package dev.crossover.ipc;

import java.nio.charset.StandardCharsets;

/** Reads what a {@link FrameBuilder} wrote, in the same order; a short frame fails with a clear error. */
public final class FrameReader {

    private final byte[] buf;
    private int pos;

    public FrameReader(byte[] body) {
        this.buf = body;
    }

    private void need(int n) {
        if (n < 0 || pos + n > buf.length) {
            throw new IllegalStateException(new StringBuilder("malformed frame: wanted ").append(n)
                    .append(" bytes at offset ").append(pos).append(" of ").append(buf.length).toString());
        }
    }

    public int getByte() {
        need(1);
        return buf[pos++];
    }

    public int getInt() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long getLong() {
        long hi = getInt();
        return (hi << 32) | (getInt() & 0xFFFFFFFFL);
    }

    public byte[] getBytes() {
        int n = getInt();
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public String getString() {
        int n = getInt();
        if (n == -1) {
            return null;
        }
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** True when every byte was read. */
    public boolean atEnd() {
        return pos == buf.length;
    }
}
