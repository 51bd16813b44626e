package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * What every fixed-length shared array has: its mapped file (a {@link SharedRegion}), its length,
 * its name, the offset of an element, and unmapping on close. Subclasses add typed access.
 */
abstract class SharedArray implements AutoCloseable {

    private final ShmFile file;
    /** The mapped region; elements start at {@link SharedRegion#DATA_OFFSET}. */
    final MemorySegment seg;
    private final int length;
    private final int elementSize;

    SharedArray(ShmFile file, int elementSize) {
        this.file = file;
        this.seg = file.segment();
        this.length = SharedRegion.length(file);
        this.elementSize = elementSize;
    }

    public final int length() {
        return length;
    }

    /** The name other processes open it by. */
    public final String name() {
        return file.name();
    }

    /** The offset of element {@code index} in {@link #seg}; fails outside {@code [0, length)}. */
    final long at(int index) {
        return SharedRegion.DATA_OFFSET + (long) Objects.checkIndex(index, length) * elementSize;
    }

    /** Unmaps; the creating process also deletes the file. */
    @Override
    public final void close() {
        file.close();
    }
}
