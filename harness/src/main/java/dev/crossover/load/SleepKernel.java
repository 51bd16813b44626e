package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

import java.time.Duration;

/**
 * Kernel {@code sleep}: argument {@code [micros]}; blocks that long with {@link Thread#sleep}, so a
 * virtual thread unmounts, and returns its argument.
 */
public final class SleepKernel implements Kernel {

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public byte[] apply(byte[] arg) throws InterruptedException {
        long micros = TaskArgs.longAt(arg, 0);
        if (micros < 0) {
            throw new IllegalArgumentException("sleep: micros must be >= 0, got " + micros);
        }
        Thread.sleep(Duration.ofNanos(micros * 1_000));
        return arg;
    }
}
