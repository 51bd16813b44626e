package dev.crossover.workers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Packs and unpacks the {@code long}s most kernels take as their argument (little-endian). */
public final class TaskArgs {

    private TaskArgs() {
    }

    /** The longs as {@code 8 × n} bytes. */
    public static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** The {@code index}-th long of {@code bytes}; a clear error when the argument is too short. */
    public static long longAt(byte[] bytes, int index) {
        int offset = index * Long.BYTES;
        if (bytes == null || offset + Long.BYTES > bytes.length) {
            throw new IllegalArgumentException("argument of " + (bytes == null ? "null" : bytes.length + " bytes")
                    + " has no long #" + index + "; expected at least " + (offset + Long.BYTES) + " bytes");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }
}
