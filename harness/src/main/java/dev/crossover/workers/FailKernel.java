package dev.crossover.workers;

/**
 * Kernel {@code fail}: always throws {@link IllegalStateException}; its message carries the
 * argument's first long (or its length), so a test can tell which task failed.
 */
public final class FailKernel implements Kernel {

    @Override
    public String name() {
        return "fail";
    }

    @Override
    public byte[] apply(byte[] arg) {
        String which = arg.length >= Long.BYTES ? Long.toString(TaskArgs.longAt(arg, 0)) : arg.length + " bytes";
        throw new IllegalStateException("fail kernel asked to fail, argument " + which);
    }
}
