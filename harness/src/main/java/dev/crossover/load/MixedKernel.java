package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

import java.time.Duration;

/**
 * Kernel {@code mixed}: argument {@code [computeUnits, waitMicros, seed]}; runs {@code computeUnits}
 * {@link CpuWork} units (about a µs each, see {@code CpuUnitBench}), then blocks {@code waitMicros}
 * in {@link Thread#sleep} (a virtual thread unmounts). Result {@code [CpuWork.run(seed, computeUnits)]},
 * so a caller can check the compute really ran.
 */
public final class MixedKernel implements Kernel {

    @Override
    public String name() {
        return "mixed";
    }

    @Override
    public byte[] apply(byte[] arg) throws InterruptedException {
        long units = TaskArgs.longAt(arg, 0);
        long waitMicros = TaskArgs.longAt(arg, 1);
        long seed = TaskArgs.longAt(arg, 2);
        if (units < 0 || waitMicros < 0) {
            throw new IllegalArgumentException("mixed: compute units and wait µs must be >= 0, got " + units + ", " + waitMicros);
        }
        long result = CpuWork.run(seed, units);
        if (waitMicros > 0) {
            Thread.sleep(Duration.ofNanos(waitMicros * 1_000));
        }
        return TaskArgs.longs(result);
    }
}
