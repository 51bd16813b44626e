package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

/**
 * Kernel {@code fault-end}: argument {@code [mode, code]}, {@link #EXIT} or {@link #HALT}. Writes
 * {@link FaultKernel#STAMP} and its {@link System#nanoTime} on stderr (a worker's death report
 * carries its last stderr lines), then ends its JVM with {@link System#exit} or {@link
 * Runtime#halt}. For process workers; refused by in-process pools.
 */
public final class JvmEndFaultKernel implements Kernel {

    /** Mode: {@code System.exit(code)}, shutdown hooks run. */
    public static final long EXIT = 0;
    /** Mode: {@code Runtime.halt(code)}, nothing runs. */
    public static final long HALT = 1;

    @Override
    public String name() {
        return "fault-end";
    }

    @Override
    public byte[] apply(byte[] arg) {
        long mode = TaskArgs.longAt(arg, 0);
        int code = (int) TaskArgs.longAt(arg, 1);
        if (mode != EXIT && mode != HALT) {
            throw new IllegalArgumentException("fault-end: mode must be " + EXIT + " (exit) or " + HALT + " (halt), got " + mode);
        }
        System.err.println((mode == EXIT ? "System.exit(" : "Runtime.halt(") + code + ") " + FaultKernel.STAMP + System.nanoTime());
        System.err.flush();
        if (mode == EXIT) {
            System.exit(code);
        } else {
            Runtime.getRuntime().halt(code);
        }
        return arg;
    }

    @Override
    public boolean endsJvm() {
        return true;
    }
}
