package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

/** Kernel {@code cpu}: argument {@code [units, seed]}, result {@code [CpuWork.run(seed, units)]}. */
public final class CpuKernel implements Kernel {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public byte[] apply(byte[] arg) {
        long units = TaskArgs.longAt(arg, 0);
        long seed = TaskArgs.longAt(arg, 1);
        if (units < 0) {
            throw new IllegalArgumentException("cpu: work units must be >= 0, got " + units);
        }
        return TaskArgs.longs(CpuWork.run(seed, units));
    }
}
