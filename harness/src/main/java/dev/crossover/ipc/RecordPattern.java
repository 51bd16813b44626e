package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The records the cross-process tests send: length and every byte follow from the sequence number,
 * so the receiver can check each record in place (none lost, duplicated or reordered) and both sides
 * can compute the same running checksum.
 */
final class RecordPattern {

    private RecordPattern() {
    }

    static int length(long seq, int maxLength) {
        return (int) Math.floorMod(seq * 2654435761L, maxLength + 1L);
    }

    static byte at(long seq, int i) {
        return (byte) (seq * 31 + i * 7 + 1);
    }

    static void fill(byte[] dst, long seq, int length) {
        for (int i = 0; i < length; i++) {
            dst[i] = at(seq, i);
        }
    }

    /** Checks the record; returns the updated checksum, or throws naming the first difference. */
    static long verify(long checksum, long seq, int maxLength, MemorySegment buf, long offset, int length) {
        int expected = length(seq, maxLength);
        if (length != expected) {
            throw new IllegalStateException("record " + seq + ": length " + length + ", expected " + expected
                    + " (a record was lost, duplicated or reordered)");
        }
        long h = checksum * 31 + length;
        for (int i = 0; i < length; i++) {
            byte b = buf.get(ValueLayout.JAVA_BYTE, offset + i);
            if (b != at(seq, i)) {
                throw new IllegalStateException("record " + seq + ": byte " + i + " is " + b + ", expected " + at(seq, i));
            }
            h = h * 31 + (b & 0xff);
        }
        return h;
    }

    /** The checksum a receiver reaches after {@code count} records. */
    static long checksum(long checksum, long seq, int maxLength) {
        int length = length(seq, maxLength);
        long h = checksum * 31 + length;
        for (int i = 0; i < length; i++) {
            h = h * 31 + (at(seq, i) & 0xff);
        }
        return h;
    }
}
