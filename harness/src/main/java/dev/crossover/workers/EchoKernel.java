package dev.crossover.workers;

/** Kernel {@code echo}: returns its argument; the payload of round-trip and transport benchmarks. */
public final class EchoKernel implements Kernel {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public byte[] apply(byte[] arg) {
        return arg;
    }
}
