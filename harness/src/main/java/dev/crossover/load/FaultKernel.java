package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel {@code fault}: argument {@code [mode]}, {@link #THROW} or {@link #OOM}. Fails in a way the
 * pool must survive and says when, on this machine's monotonic clock ({@link System#nanoTime}, the
 * same {@code CLOCK_MONOTONIC} in every process here), so the caller can time how long the failure
 * took to reach it: the stamp follows {@value #STAMP} in the failure's message.
 *
 * <p>{@code THROW}: an {@link IllegalStateException}. {@code OOM}: allocates 1 MiB blocks until the
 * heap is exhausted, drops them, and throws an {@link OutOfMemoryError} that says how many MiB the
 * heap took (the original error is attached as suppressed); run it with a bounded heap so that
 * takes seconds, not minutes.
 */
public final class FaultKernel implements Kernel {

    /** Mode: throw an exception. */
    public static final long THROW = 0;
    /** Mode: exhaust the heap. */
    public static final long OOM = 1;
    /** Precedes the nanoTime of the fault in a message or a stderr line. */
    public static final String STAMP = "fault-at-nanos ";

    @Override
    public String name() {
        return "fault";
    }

    @Override
    public byte[] apply(byte[] arg) {
        long mode = TaskArgs.longAt(arg, 0);
        if (mode == THROW) {
            throw new IllegalStateException("fault kernel: planned exception, " + STAMP + System.nanoTime());
        }
        if (mode != OOM) {
            throw new IllegalArgumentException("fault: mode must be " + THROW + " (throw) or " + OOM + " (oom), got " + mode);
        }
        List<byte[]> hog = new ArrayList<>();
        OutOfMemoryError original;
        try {
            while (true) {
                hog.add(new byte[1 << 20]);
            }
        } catch (OutOfMemoryError e) {
            original = e;
        }
        int mib = hog.size();
        hog.clear(); // free the heap before anyone (the error report included) allocates again
        OutOfMemoryError e = new OutOfMemoryError("fault kernel: heap exhausted after " + mib + " MiB of "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max, " + STAMP + System.nanoTime());
        e.addSuppressed(original);
        throw e;
    }

    /** The fault's nanoTime in {@code text}, or {@code Long.MIN_VALUE} when it carries none. */
    public static long stampIn(String text) {
        if (text == null) {
            return Long.MIN_VALUE;
        }
        int at = text.indexOf(STAMP);
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int from = at + STAMP.length();
        int to = from;
        while (to < text.length() && (Character.isDigit(text.charAt(to)) || (to == from && text.charAt(to) == '-'))) {
            to++;
        }
        try {
            return Long.parseLong(text.substring(from, to));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
