package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The small header every shared primitive file starts with (magic, kind, element count), so that
 * opening a file as the wrong kind fails with a clear message instead of reading garbage.
 */
final class SharedRegion {

    private SharedRegion() {
    }

    /** "XOVRPRIM" in ASCII. */
    static final long MAGIC = 0x584F_5652_5052_494DL;
    static final long MAGIC_OFFSET = 0;
    static final long KIND_OFFSET = 8;
    static final long LENGTH_OFFSET = 12;
    /** Data starts on its own cache-line pair, away from the header. */
    static final long DATA_OFFSET = 128;

    static ShmFile create(String kind, int length, int elementSize) {
        if (length < 1) {
            throw new IllegalArgumentException(kind + " length must be >= 1, got " + length);
        }
        ShmFile f = ShmFile.create(kind.replace('-', '_'), DATA_OFFSET + (long) length * elementSize);
        MemorySegment s = f.segment();
        s.set(ValueLayout.JAVA_INT, KIND_OFFSET, kind.hashCode());
        s.set(ValueLayout.JAVA_INT, LENGTH_OFFSET, length);
        // Release: whoever sees the magic sees kind and length too.
        ValueLayout.JAVA_LONG.varHandle().setRelease(s, MAGIC_OFFSET, MAGIC);
        return f;
    }

    /** Opens and checks the kind; returns the element count. */
    static ShmFile open(String kind, String name) {
        ShmFile f = ShmFile.open(name);
        MemorySegment s = f.segment();
        if (s.byteSize() < DATA_OFFSET || (long) ValueLayout.JAVA_LONG.varHandle().getAcquire(s, MAGIC_OFFSET) != MAGIC
                || s.get(ValueLayout.JAVA_INT, KIND_OFFSET) != kind.hashCode()) {
            f.close();
            throw new IllegalArgumentException(name + " is not a shared " + kind + "; open it with the class that created it");
        }
        return f;
    }

    static int length(ShmFile f) {
        return f.segment().get(ValueLayout.JAVA_INT, LENGTH_OFFSET);
    }
}
