package dev.crossover.workers;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel {@code oom}: allocates 1 MiB blocks until the heap runs out, drops them, and lets the
 * {@link OutOfMemoryError} propagate, so the caller sees what an OOM inside a task does to its pool.
 */
public final class OomKernel implements Kernel {

    @Override
    public String name() {
        return "oom";
    }

    @Override
    public byte[] apply(byte[] arg) {
        List<byte[]> hog = new ArrayList<>();
        try {
            while (true) {
                hog.add(new byte[1 << 20]);
            }
        } catch (OutOfMemoryError e) {
            hog.clear(); // free the heap before anyone (the error report included) allocates again
            throw e;
        }
    }
}
