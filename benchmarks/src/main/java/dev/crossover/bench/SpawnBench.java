package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.RawEchoMain;
import dev.crossover.workers.ChildJvm;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.WorkerClassPath;
import dev.crossover.workers.WorkerStart;
import dev.crossover.workers.Workers;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Question: how long until a new worker answers its first task, against a bare JVM started the same
 * way? A platform thread, a virtual thread, and four child JVMs, all with the fork's own flags
 * ({@link ChildJvm}): the floor, a bare child ({@link RawEchoMain} on a jar of that one class) that
 * replies to one message; and a process pool of one worker (start, handshake, kernel lookup, one
 * echo) three ways: on this JVM's whole class path without an AOT cache (how workers started
 * before {@link WorkerStart}), on the slim worker jar without a cache, and on the slim jar from its
 * AOT cache (how a pool starts once {@link WorkerStart#prepareAot} made the cache). (C14: user-mode
 * scheduling makes creation cheap; X6: cold start of a process pool.)
 *
 * <p>Expected: threads in microseconds (virtual below platform), child JVMs in tens of
 * milliseconds; {@code childWorkerAot} within 1.2× of {@code bareChild}, {@code childWorker}
 * between, {@code childWorkerFullPath} slowest (it opens the whole benchmarks.jar and loads more).
 * The AOT cache is made once per jar, JDK and flags in the trial setup of {@code childWorkerAot}
 * (seconds, outside the measurement; kept in {@link WorkerStart#cacheDir()} for later runs).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SpawnBench -f 3}; the ratio
 * {@code childWorkerAot / bareChild} is the one to read.
 */
@Serves({"C14", "X6"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 20)
@Fork(1)
public class SpawnBench {

    private static final byte[] MESSAGE = TaskArgs.longs(42);

    /** What one invocation started, stopped after it (outside the measured time). */
    @State(Scope.Thread)
    public static class Started {
        Workers pool;
        ChildJvm.Child child;

        @TearDown(Level.Iteration)
        public void stop() {
            Bench.stop(pool);
            pool = null;
            if (child != null) {
                child.close();
                child = null;
            }
        }
    }

    /** The bare child's class path: a jar of {@link RawEchoMain} alone, cut like the worker's. */
    @State(Scope.Benchmark)
    public static class BareJar {
        String classPath;

        @Setup(Level.Trial)
        public void cut() throws IOException {
            classPath = WorkerClassPath.build(System.getProperty("java.class.path"), List.of(RawEchoMain.class.getName()),
                    WorkerStart.cacheDir()).jar().toString();
        }
    }

    /** Workers without an AOT cache, on the slim jar. */
    @State(Scope.Benchmark)
    public static class NoAot {
        @Setup(Level.Trial)
        public void set() {
            System.setProperty(WorkerStart.AOT_PROPERTY, "off");
        }

        @TearDown(Level.Trial)
        public void clear() {
            System.clearProperty(WorkerStart.AOT_PROPERTY);
        }
    }

    /** Workers as before the slim jar: this JVM's whole class path, no AOT cache. */
    @State(Scope.Benchmark)
    public static class FullPath {
        @Setup(Level.Trial)
        public void set() {
            System.setProperty(WorkerStart.CLASS_PATH_PROPERTY, "full");
        }

        @TearDown(Level.Trial)
        public void clear() {
            System.clearProperty(WorkerStart.CLASS_PATH_PROPERTY);
        }
    }

    /** The AOT cache for workers with the default options, made here unless a former trial made it. */
    @State(Scope.Benchmark)
    public static class AotCache {
        @Setup(Level.Trial)
        public void prepare() {
            WorkerStart.AotOutcome aot = WorkerStart.prepareAot(PoolSpec.DEFAULT_JVM_OPTIONS);
            if (!aot.ready()) {
                throw new IllegalStateException("childWorkerAot measures workers started from an AOT cache, but " + aot.note());
            }
        }
    }

    /** A new platform thread answers one echo. */
    @Benchmark
    public byte[] platformThread() throws InterruptedException {
        byte[][] box = new byte[1][];
        Thread t = Thread.ofPlatform().start(() -> box[0] = MESSAGE.clone());
        t.join();
        return box[0];
    }

    /** A new virtual thread answers one echo. */
    @Benchmark
    public byte[] virtualThread() throws InterruptedException {
        byte[][] box = new byte[1][];
        Thread t = Thread.ofVirtual().start(() -> box[0] = MESSAGE.clone());
        t.join();
        return box[0];
    }

    /** A new pool of one worker on this JVM's whole class path, no AOT cache, answers its first echo. */
    @Benchmark
    public byte[] childWorkerFullPath(Started s, FullPath full) throws InterruptedException, ExecutionException {
        s.pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).start();
        return s.pool.submit("echo", MESSAGE).get();
    }

    /** A new pool of one worker on the slim jar, no AOT cache, answers its first echo. */
    @Benchmark
    public byte[] childWorker(Started s, NoAot off) throws InterruptedException, ExecutionException {
        s.pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).start();
        return s.pool.submit("echo", MESSAGE).get();
    }

    /** The same from the AOT cache: how a pool starts its workers once the cache is prepared. */
    @Benchmark
    public byte[] childWorkerAot(Started s, AotCache aot) throws InterruptedException, ExecutionException {
        s.pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).start();
        return s.pool.submit("echo", MESSAGE).get();
    }

    /** The floor: a bare child JVM, same flags, on a one-class jar, replies to one 8-byte message. */
    @Benchmark
    public byte[] bareChild(Started s, BareJar jar) throws IOException {
        s.child = ChildJvm.launcher(RawEchoMain.class).classPath(jar.classPath).args("8").inheritStderr().start();
        s.child.stdin().write(MESSAGE);
        s.child.stdin().flush();
        byte[] reply = s.child.stdout().readNBytes(8);
        if (reply.length != 8) {
            throw new IOException("bare child ended before replying");
        }
        return reply;
    }
}
