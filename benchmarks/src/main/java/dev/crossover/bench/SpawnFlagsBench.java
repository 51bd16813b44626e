package dev.crossover.bench;

import dev.crossover.ipc.RawEchoMain;
import dev.crossover.workers.ChildJvm;
import dev.crossover.workers.WorkerClassPath;
import dev.crossover.workers.WorkerStart;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Question: what does each JVM flag a child could inherit from its fork cost its start? A bare child
 * ({@link RawEchoMain} on a one-class jar) replies to one message, started with exactly the flags of
 * {@code flags} and nothing inherited: {@code none} (the JVM's own ergonomics: G1 and a heap from
 * the machine's memory, what a fork without flags runs), another GC, a large initial heap, heap
 * pre-touch, a flight recording.
 *
 * <p>Expected: GC choice and {@code -Xms} within a few ms of {@code none} (ZGC somewhat more);
 * {@code -XX:+AlwaysPreTouch} grows with the heap (hundreds of ms for 256 MiB, seconds for GiBs) and
 * a flight recording costs about a second: why {@link ChildJvm} does not pass those two on.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SpawnFlagsBench -f 3}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class SpawnFlagsBench {

    /** Space-separated JVM flags of the child; {@code none} for none. */
    @Param({"none", "-XX:+UseSerialGC", "-XX:+UseSerialGC -Xms32m -Xmx256m", "-XX:+UseParallelGC", "-XX:+UseZGC",
            "-Xms2g", "-Xms256m -XX:+AlwaysPreTouch", "-XX:StartFlightRecording"})
    public String flags;

    private String classPath;
    private List<String> options;
    private ChildJvm.Child child;

    @Setup(Level.Trial)
    public void cut() throws IOException {
        classPath = WorkerClassPath.build(System.getProperty("java.class.path"), List.of(RawEchoMain.class.getName()),
                WorkerStart.cacheDir()).jar().toString();
        options = "none".equals(flags) ? List.of() : List.of(flags.split(" "));
    }

    @TearDown(Level.Iteration)
    public void stop() {
        if (child != null) {
            child.close();
            child = null;
        }
    }

    /** A bare child with {@code flags} (and no inherited ones) replies to one 8-byte message. */
    @Benchmark
    public byte[] bareChild() throws IOException {
        child = ChildJvm.launcher(RawEchoMain.class).classPath(classPath).inheritFlags(false).jvmOptions(options).args("8")
                .inheritStderr().start();
        child.stdin().write(new byte[8]);
        child.stdin().flush();
        byte[] reply = child.stdout().readNBytes(8);
        if (reply.length != 8) {
            throw new IOException("bare child with " + options + " ended before replying");
        }
        return reply;
    }
}
