package dev.crossover.workers;

/**
 * Kernel {@code exit}: argument {@code [code]}; says so on {@code System.out} (a worker sends that to
 * stderr), then calls {@link System#exit}. For fault tests; refused by in-process pools.
 */
public final class ExitKernel implements Kernel {

    @Override
    public String name() {
        return "exit";
    }

    @Override
    public byte[] apply(byte[] arg) {
        int code = (int) TaskArgs.longAt(arg, 0);
        System.out.println("exit kernel: calling System.exit(" + code + ")");
        System.out.flush();
        System.exit(code);
        return arg;
    }

    @Override
    public boolean endsJvm() {
        return true;
    }
}
