package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.RawEchoMain;
import dev.crossover.workers.ChildJvm;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Question: how long until a new worker answers its first task? A platform thread, a virtual
 * thread, a child JVM worker ({@code ProcessWorkers} of size 1, handshake included), the same with
 * a JDK 25 AOT cache, and the counterpart floor: a bare child JVM ({@link RawEchoMain}) that replies
 * to one message. (C14: user-mode scheduling makes creation cheap; X6: cold start of a process pool.)
 *
 * <p>Expected: threads in microseconds (virtual below platform), child JVMs in tens to hundreds of
 * milliseconds; the worker within 2× of the bare child (aim 1.5×); the AOT cache at least 15% faster
 * than without. {@code childWorkerAot} needs {@code java.class.path} to be one jar (AOT caches
 * archive classes from jars only): run it from {@code benchmarks.jar}, elsewhere it fails at setup
 * saying so. The cache is trained once per jar (keyed by its size and modification time and the
 * JDK version) and kept in the temp directory.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SpawnBench}.
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
            if (pool != null) {
                pool.terminate();
                pool = null;
            }
            if (child != null) {
                child.close();
                child = null;
            }
        }
    }

    /** The AOT cache for worker JVMs, created once per benchmarks.jar. */
    @State(Scope.Benchmark)
    public static class AotCache {
        List<String> jvmOptions;

        @Setup(Level.Trial)
        public void create() throws IOException, InterruptedException, ExecutionException {
            String cp = System.getProperty("java.class.path");
            if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) {
                throw new IllegalStateException("childWorkerAot needs the class path to be one jar, since JDK AOT caches"
                        + " archive classes from jars only; the class path is '" + cp + "'. Run it from benchmarks.jar:"
                        + " java -jar benchmarks/target/benchmarks.jar SpawnBench");
            }
            Path jar = Path.of(cp).toAbsolutePath();
            String key = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + "-" + Runtime.version().feature()
                    + "-" + Integer.toHexString(jar.toString().hashCode());
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "crossover-aot");
            Files.createDirectories(dir);
            Path cache = dir.resolve("worker-" + key + ".aot");
            if (!Files.exists(cache)) {
                train(dir, cache);
                // Caches of earlier builds of the same jar are stale: keep the temp directory small.
                String sameJar = "-" + Integer.toHexString(jar.toString().hashCode()) + ".aot";
                try (var old = Files.newDirectoryStream(dir, "worker-*" + sameJar)) {
                    for (Path p : old) {
                        if (!p.equals(cache)) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
            jvmOptions = withoutXshare();
            jvmOptions.add("-XX:AOTCache=" + cache);
        }

        /** The default worker options minus {@code -Xshare:…}, which the JVM refuses beside the AOT options. */
        private static List<String> withoutXshare() {
            List<String> options = new ArrayList<>();
            for (String o : PoolSpec.DEFAULT_JVM_OPTIONS) {
                if (!o.startsWith("-Xshare")) {
                    options.add(o);
                }
            }
            return options;
        }

        /** A short training run of a worker: handshake and a few echoes, then a clean exit writes the cache. */
        private static void train(Path dir, Path cache) throws IOException, InterruptedException, ExecutionException {
            Path partial = Files.createTempFile(dir, "training-", ".aot");
            Files.delete(partial); // the JVM creates it
            List<String> options = withoutXshare();
            options.add("-XX:AOTCacheOutput=" + partial);
            Workers pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).withJvmOptions(options).start();
            try {
                List<CompletableFuture<byte[]>> fs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    fs.add(pool.submit("echo", MESSAGE));
                }
                for (CompletableFuture<byte[]> f : fs) {
                    f.get();
                }
                pool.close();
                // The worker writes the cache as it exits; that takes seconds.
                if (!pool.join(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("AOT training worker did not exit within 2 minutes");
                }
            } finally {
                pool.terminate();
            }
            if (!Files.exists(partial)) {
                throw new IllegalStateException("the AOT training run wrote no cache at " + partial
                        + "; does this JDK support -XX:AOTCacheOutput (JDK 25+)?");
            }
            Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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

    /** A new process pool of one worker answers its first echo (start, handshake, kernel lookup, task). */
    @Benchmark
    public byte[] childWorker(Started s) throws InterruptedException, ExecutionException {
        s.pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).start();
        return s.pool.submit("echo", MESSAGE).get();
    }

    /** The same with the worker JVM started from an AOT cache. */
    @Benchmark
    public byte[] childWorkerAot(Started s, AotCache aot) throws InterruptedException, ExecutionException {
        s.pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).withJvmOptions(aot.jvmOptions).start();
        return s.pool.submit("echo", MESSAGE).get();
    }

    /** The floor: a bare child JVM, same JVM flags, replies to one 8-byte message. */
    @Benchmark
    public byte[] bareChild(Started s) throws IOException {
        s.child = ChildJvm.launcher(RawEchoMain.class).args("8").inheritStderr().start();
        s.child.stdin().write(MESSAGE);
        s.child.stdin().flush();
        byte[] reply = s.child.stdout().readNBytes(8);
        if (reply.length != 8) {
            throw new IOException("bare child ended before replying");
        }
        return reply;
    }
}
