package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A cheap checksum that reads every byte of a payload: the wrapping sum of its little-endian 8-byte
 * words plus its trailing bytes. Throughput benchmarks make the receiver compute it, so a transport
 * that skipped or corrupted bytes fails the run instead of reporting a fast wrong number.
 */
public final class PayloadChecksum {

    private PayloadChecksum() {
    }

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    public static long of(MemorySegment seg, long offset, int length) {
        long sum = 0;
        int words = length >>> 3;
        for (int i = 0; i < words; i++) {
            sum += seg.get(WORD, offset + ((long) i << 3));
        }
        for (int i = words << 3; i < length; i++) {
            sum += seg.get(ValueLayout.JAVA_BYTE, offset + i);
        }
        return sum;
    }

    public static long of(byte[] bytes, int offset, int length) {
        return of(MemorySegment.ofArray(bytes), offset, length);
    }

    /** Writes {@code value} as the first little-endian word of {@code payload} (at least 8 bytes). */
    public static void putFirstWord(byte[] payload, long value) {
        MemorySegment.ofArray(payload).set(WORD, 0, value);
    }
}
