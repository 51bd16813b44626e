package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * How long does one {@link CpuWork} unit take on one thread of this machine?
 *
 * <p>Serves X2 (and every CPU sweep): the report turns "task units" into microseconds of work with
 * this figure. Expected: about 1 µs on a current x86 core (512 dependent multiply-xor steps); the
 * figure does not change with load on other cores unless the core itself is shared.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar CpuUnitBench}
 */
@Serves({"X2"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@State(Scope.Thread)
public class CpuUnitBench {

    /** Not final and set at setup, so the JIT cannot fold the unit into a constant. */
    private long seed;
    private long expected;

    @Setup(Level.Trial)
    public void setup() {
        seed = System.nanoTime() | 1;
        expected = CpuWork.run(seed, 1);
    }

    /** One work unit; its result is checked (one predictable branch) and returned. */
    @Benchmark
    public long unit() {
        long r = CpuWork.run(seed, 1);
        if (r != expected) {
            throw Bench.wrong("CpuWork unit", 0, expected, r);
        }
        return r;
    }
}
