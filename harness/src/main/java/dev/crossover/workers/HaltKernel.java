package dev.crossover.workers;

/**
 * Kernel {@code halt}: argument {@code [code]}; writes a line to stderr, then calls
 * {@link Runtime#halt} (no shutdown hooks, nothing flushed). For fault tests; refused by in-process pools.
 */
public final class HaltKernel implements Kernel {

    @Override
    public String name() {
        return "halt";
    }

    @Override
    public byte[] apply(byte[] arg) {
        int code = (int) TaskArgs.longAt(arg, 0);
        System.err.println("halt kernel: calling Runtime.halt(" + code + ")");
        System.err.flush();
        Runtime.getRuntime().halt(code);
        return arg;
    }

    @Override
    public boolean endsJvm() {
        return true;
    }
}
