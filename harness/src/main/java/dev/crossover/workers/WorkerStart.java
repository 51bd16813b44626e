package dev.crossover.workers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How a worker JVM starts, beyond the {@link ChildJvm} recipe: on a class path of only what a worker
 * needs ({@link WorkerClassPath}, a small jar cut from this JVM's class path once per JVM), and
 * from a JDK AOT cache (JEP 483/514/515) of that jar once one is prepared.
 *
 * <p>The AOT cache is made by {@link #prepareAot(List)}, never behind a pool's back: the training
 * run (one worker, a handshake and twenty echoes) and the cache assembly take seconds of CPU,
 * which must not land inside a measurement or a user's first job. Benchmarks prepare it in their
 * trial setup; the harness before a run. A pool uses the cache whenever one is ready for exactly
 * its JVM, jar and flags; when it is not, or it could not be made (an older JDK, a full disk),
 * workers start without it, which is only slower. The JVM itself checks a cache when it maps it
 * and runs without one it cannot use (a warning on the worker's stderr).
 *
 * <p>Files live in {@link #cacheDir()}: {@code worker-<content hash>.jar} and
 * {@code worker-<content hash>-<flags hash>.aot}, written through a temporary file and an atomic
 * move, made under a file lock so parallel JVMs train once; other files older than {@link #STALE}
 * are deleted when a cache is prepared. A JVM whose class path is jars only also keeps there which
 * jar it cut ({@code worker-cp-<key>.txt}), so the next JVM started from the same jars does not cut
 * again.
 *
 * <p>Switches (system properties of the JVM that starts the pool): {@value #CLASS_PATH_PROPERTY}
 * {@code = slim} (default) or {@code full} (this JVM's own class path, for a kernel that loads
 * classes by names built at run time); {@value #AOT_PROPERTY} {@code = auto} (default: use a prepared
 * cache) or {@code off}; {@value #CACHE_DIR_PROPERTY} the directory (default
 * {@code java.io.tmpdir/crossover-worker-start}). Options of the pool that choose AOT or CDS
 * themselves ({@code -XX:AOT…}, {@code -XX:SharedArchiveFile}, {@code -Xshare:…}) turn the cache off
 * for that pool.
 */
public final class WorkerStart {

    public static final String CLASS_PATH_PROPERTY = "crossover.worker.classpath";
    public static final String AOT_PROPERTY = "crossover.worker.aot";
    public static final String CACHE_DIR_PROPERTY = "crossover.worker.cache";

    /** Files of the cache directory not used for this long are deleted when a cache is prepared. */
    public static final Duration STALE = Duration.ofDays(2);

    /** Echo tasks of the training run: the handshake, one kernel lookup and the task path, warmed. */
    static final int TRAINING_TASKS = 20;

    /** The classes a worker JVM starts from: its entry point and the transports it loads by name. */
    static final List<String> ROOTS = List.of(WorkerMain.class.getName(), ShmChildTransport.class.getName());

    private static final Object LOCK = new Object();
    /** Held while a cache is made, apart from {@link #LOCK}, so other pools start workers meanwhile. */
    private static final Object PREPARE = new Object();
    private static ClassPathChoice classPath; // guarded by LOCK
    private static Path classPathDir; // the cache directory classPath was cut into; guarded by LOCK

    private WorkerStart() {
    }

    /**
     * The class path of worker JVMs and why: {@code slim} (the jar and its size) or {@code full} (when
     * asked for, or with the reason the slim jar could not be made).
     *
     * @param classPath the path given to the child
     * @param slim      whether it is the cut jar
     * @param note      one line for logs and reports
     */
    public record ClassPathChoice(String classPath, boolean slim, String note) {
    }

    /** What {@link #prepareAot} did: the cache when one is ready, else null, and one line saying so. */
    public record AotOutcome(Path cache, String note) {
        public boolean ready() {
            return cache != null;
        }
    }

    /** Where the slim jar and the AOT caches live. */
    public static Path cacheDir() {
        String dir = System.getProperty(CACHE_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "crossover-worker-start-" + System.getProperty("user.name", "user"));
    }

    /** The class path of worker JVMs, cut once per JVM (see {@link WorkerClassPath}). */
    public static ClassPathChoice classPath() {
        String full = System.getProperty("java.class.path");
        if ("full".equals(System.getProperty(CLASS_PATH_PROPERTY))) {
            return new ClassPathChoice(full, false, "full class path (" + CLASS_PATH_PROPERTY + "=full)");
        }
        synchronized (LOCK) {
            Path dir = cacheDir();
            if (classPath == null || !classPathDir.equals(dir) || classPath.slim() && !Files.isRegularFile(Path.of(classPath.classPath()))) {
                classPath = cut(full);
                classPathDir = dir;
            }
            return classPath;
        }
    }

    private static ClassPathChoice cut(String full) {
        try {
            // A class path of jars only is known by their paths, sizes and times: a JVM started
            // from the same jars finds the jar cut before instead of parsing classes again.
            String key = jarsKey(full);
            Path index = key == null ? null : cacheDir().resolve("worker-cp-" + key + ".txt");
            if (index != null && Files.isRegularFile(index)) {
                List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
                if (lines.size() == 2 && Files.isRegularFile(Path.of(lines.get(0)))) {
                    return new ClassPathChoice(lines.get(0), true, lines.get(1));
                }
            }
            WorkerClassPath.Slim slim = WorkerClassPath.build(full, ROOTS, cacheDir());
            String note = "slim class path: " + slim.jar().getFileName() + " (" + slim.classes() + " classes, "
                    + slim.bytes() / 1024 + " KiB)";
            if (index != null) {
                Path tmp = Files.createTempFile(cacheDir(), "worker-cp-", ".tmp");
                try {
                    Files.write(tmp, List.of(slim.jar().toString(), note), StandardCharsets.UTF_8);
                    Files.move(tmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return new ClassPathChoice(slim.jar().toString(), true, note);
        } catch (IOException | RuntimeException e) {
            return new ClassPathChoice(full, false, "full class path: the slim jar could not be made in " + cacheDir()
                    + " (" + e + "); set " + CACHE_DIR_PROPERTY + " to a writable directory");
        }
    }

    /** A key of a class path of jars only (path, size, modification time of each), else null. */
    static String jarsKey(String classPath) throws IOException {
        StringBuilder key = new StringBuilder();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                return null; // a directory's time does not change when a class in it does
            }
            if (Files.isRegularFile(p)) {
                key.append(p.toAbsolutePath()).append('|').append(Files.size(p)).append('|')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        }
        return WorkerClassPath.sha256(key.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * A launcher of {@link WorkerMain} with {@code jvmOptions}, on {@link #classPath()}, from the
     * AOT cache made for these options when one is ready.
     */
    public static ChildJvm.Launcher launcher(List<String> jvmOptions) {
        ClassPathChoice cp = classPath();
        List<String> options = new ArrayList<>(jvmOptions);
        Path cache = readyCache(cp, jvmOptions);
        if (cache != null) {
            options.add("-XX:AOTCache=" + cache);
        }
        return ChildJvm.launcher(WorkerMain.class).classPath(cp.classPath()).jvmOptions(options);
    }

    /** One line: how a worker with {@code jvmOptions} starts now (class path, AOT cache or why not). */
    public static String describe(List<String> jvmOptions) {
        ClassPathChoice cp = classPath();
        Path cache = readyCache(cp, jvmOptions);
        String aot;
        if (cache != null) {
            aot = "AOT cache " + cache.getFileName();
        } else if (!aotAllowed(cp, jvmOptions)) {
            aot = "no AOT cache (" + whyNoAot(cp, jvmOptions) + ")";
        } else {
            aot = "no AOT cache prepared";
        }
        return cp.note() + "; " + aot;
    }

    /**
     * Makes the AOT cache for workers started with {@code jvmOptions} unless it is there: a training
     * worker runs a handshake and {@value #TRAINING_TASKS} echoes and writes the cache as it exits
     * (seconds). Never throws for a cache it could not make: the outcome says why, and pools start
     * without it.
     */
    public static AotOutcome prepareAot(List<String> jvmOptions) {
        ClassPathChoice cp = classPath();
        if (!aotAllowed(cp, jvmOptions)) {
            return new AotOutcome(null, "no AOT cache: " + whyNoAot(cp, jvmOptions));
        }
        Path cache = cacheFile(cp, jvmOptions);
        synchronized (PREPARE) {
            try {
                Files.createDirectories(cache.getParent());
                try (FileChannel lockFile = FileChannel.open(cache.getParent().resolve("prepare.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                     FileLock ignored = lockFile.lock()) {
                    if (!Files.isRegularFile(cache)) {
                        train(cp, jvmOptions, cache);
                    }
                    deleteStale(cache.getParent(), List.of(cache, Path.of(cp.classPath())));
                }
                return new AotOutcome(cache, "AOT cache " + cache.getFileName() + " (" + Files.size(cache) / 1024 + " KiB)");
            } catch (IOException | RuntimeException e) {
                return new AotOutcome(null, "no AOT cache: making it in " + cache.getParent() + " failed (" + e.getMessage()
                        + "); workers start without it");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AotOutcome(null, "no AOT cache: interrupted while making it");
            }
        }
    }

    private static void train(ClassPathChoice cp, List<String> jvmOptions, Path cache)
            throws IOException, InterruptedException {
        Path partial = cache.resolveSibling(cache.getFileName() + ".training");
        Files.deleteIfExists(partial);
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-XX:AOTCacheOutput=" + partial);
        // A pool whose options name an AOT file never adds a cache of its own (see aotAllowed).
        Workers pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).withJvmOptions(options).start();
        try {
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < TRAINING_TASKS; i++) {
                answers.add(pool.submit("echo", TaskArgs.longs(i)));
            }
            for (CompletableFuture<byte[]> a : answers) {
                a.join();
            }
            pool.close();
            // The worker assembles the cache as it exits: seconds.
            if (!pool.join(Duration.ofMinutes(3))) {
                throw new IOException("the training worker did not exit within 3 minutes of its last task");
            }
            if (!Files.isRegularFile(partial)) {
                throw new IOException("the training worker wrote no cache at " + partial
                        + " (does this JDK support -XX:AOTCacheOutput? JDK 25 does)");
            }
            Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            pool.terminate();
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partial.resolveSibling(partial.getFileName() + ".config"));
        }
    }

    /** Deletes files older than {@link #STALE} but those in use (the jar keeps its time: the cache checks it). */
    private static void deleteStale(Path dir, List<Path> inUse) throws IOException {
        Instant now = Instant.now();
        try (var files = Files.newDirectoryStream(dir, "worker-*")) {
            for (Path f : files) {
                try {
                    if (!inUse.contains(f) && Files.getLastModifiedTime(f).toInstant().isBefore(now.minus(STALE))) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // another JVM deleted or replaced it: nothing to clean
                }
            }
        }
    }

    private static Path readyCache(ClassPathChoice cp, List<String> jvmOptions) {
        if (!aotAllowed(cp, jvmOptions)) {
            return null;
        }
        Path cache = cacheFile(cp, jvmOptions);
        return Files.isRegularFile(cache) ? cache : null;
    }

    static boolean aotAllowed(ClassPathChoice cp, List<String> jvmOptions) {
        return whyNoAot(cp, jvmOptions) == null;
    }

    private static String whyNoAot(ClassPathChoice cp, List<String> jvmOptions) {
        if ("off".equals(System.getProperty(AOT_PROPERTY))) {
            return AOT_PROPERTY + "=off";
        }
        if (!cp.slim()) {
            return "an AOT cache is made for the slim worker jar only";
        }
        for (String o : jvmOptions) {
            if (o.startsWith("-XX:AOT") || o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-Xshare")
                    || o.startsWith("-XX:+AutoCreateSharedArchive")) {
                return "the pool's options choose class data sharing themselves (" + o + ")";
            }
        }
        return null;
    }

    /** The cache for this JVM, jar and child flags: any of them changed makes another file. */
    static Path cacheFile(ClassPathChoice cp, List<String> jvmOptions) {
        String jar = Path.of(cp.classPath()).getFileName().toString();
        String stem = jar.substring(0, jar.length() - ".jar".length());
        String key = System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n'
                + String.join("\n", ChildJvm.childFlags(jvmOptions));
        String hash = WorkerClassPath.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return Path.of(cp.classPath()).resolveSibling(stem + "-" + hash + ".aot");
    }
}
