package dev.crossover.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file mapped into memory and shared between processes: the storage under every shared-memory
 * structure of this package.
 *
 * <p>Created in {@code /dev/shm} (RAM, never written to disk), or in {@code java.io.tmpdir} when
 * {@code /dev/shm} is missing, which is said once on stderr. The name carries the owner's pid and
 * start time ({@code crossover-<purpose>-<pid>-<startMillis>-<n>.shm}), so {@link #sweepStale()} can
 * tell files of a crashed run from files of a live one even when pids are reused. The owner deletes
 * the file on {@link #close()} and, failing that, in a shutdown hook. A file is never truncated
 * while mapped: a peer touching a page beyond the new end would die of SIGBUS.
 */
public final class ShmFile implements AutoCloseable {

    private static final String PREFIX = "crossover-";
    private static final String SUFFIX = ".shm";
    private static final Pattern NAME = Pattern.compile("crossover-.+-(\\d+)-(\\d+)-\\d+\\.shm");
    private static final Path DEV_SHM = Path.of("/dev/shm");

    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path path;
    private final boolean owner;
    private final Arena arena;
    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ShmFile(Path path, boolean owner, Arena arena, MemorySegment segment) {
        this.path = path;
        this.owner = owner;
        this.arena = arena;
        this.segment = segment;
    }

    /** The directory new files go to: {@code /dev/shm} if usable, else {@code java.io.tmpdir}. */
    public static Path directory() {
        if (Files.isDirectory(DEV_SHM) && Files.isWritable(DEV_SHM)) {
            return DEV_SHM;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (WARNED.compareAndSet(false, true)) {
            System.err.println("crossover: /dev/shm is missing or not writable; shared memory files go to "
                    + tmp + " (slower if that is a disk)");
        }
        return tmp;
    }

    /**
     * Creates and maps a new zero-filled file of {@code size} bytes owned by this process. The first
     * call in a JVM also sweeps files left by dead owners.
     *
     * @param purpose a short word for the file name, e.g. {@code ring}
     */
    public static ShmFile create(String purpose, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("shared memory size must be > 0 bytes, got " + size);
        }
        if (!purpose.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("purpose must be letters, digits or '_', got '" + purpose + "'");
        }
        if (SWEPT.compareAndSet(false, true)) {
            sweepStale();
        }
        installHook();
        ProcessIdentity me = ProcessIdentity.current();
        Path path = directory().resolve(PREFIX + purpose + "-" + me.pid() + "-" + me.startMillis() + "-"
                + SEQUENCE.incrementAndGet() + SUFFIX);
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            OWNED.add(path);
            // Grow by writing the last byte (sparse on tmpfs); the size never changes afterwards.
            ch.write(ByteBuffer.allocate(1), size - 1);
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            return new ShmFile(path, true, arena, seg);
        } catch (IOException | RuntimeException e) {
            arena.close();
            OWNED.remove(path);
            deleteQuietly(path);
            throw new UncheckedIOException("cannot create shared memory file " + path + " of " + size
                    + " bytes: " + e.getMessage() + "; check free space in " + path.getParent(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Maps an existing file another process created; this side does not delete it. */
    public static ShmFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                throw new IOException("file is empty (its creator may not have finished)");
            }
            return new ShmFile(path, false, arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena));
        } catch (NoSuchFileException e) {
            arena.close();
            throw new UncheckedIOException("no shared memory file " + path
                    + ": its owner closed it or died; open it while the owner holds it", e);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot map shared memory file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Opens by file name (as {@link #name()} gives it) in {@link #directory()}, or by absolute path. */
    public static ShmFile open(String name) {
        Path p = Path.of(name);
        return open(p.isAbsolute() ? p : directory().resolve(p));
    }

    /** The mapped bytes; valid until {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    /** Where the file lives. */
    public Path path() {
        return path;
    }

    /** The file name, enough for {@link #open(String)} in another JVM on this machine. */
    public String name() {
        return path.getFileName().toString();
    }

    /** True for the process that created (and will delete) the file. */
    public boolean isOwner() {
        return owner;
    }

    /** Unmaps; the owner also deletes the file. Idempotent. Peers that still map it keep their pages. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            arena.close();
        } finally {
            if (owner) {
                deleteQuietly(path);
                OWNED.remove(path);
            }
        }
    }

    /**
     * Deletes files in {@link #directory()} (and {@code java.io.tmpdir}) whose owner process is gone,
     * judged by pid and start time. Returns how many were removed.
     */
    public static int sweepStale() {
        int removed = sweepStale(DEV_SHM);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (!tmp.equals(DEV_SHM)) {
            removed += sweepStale(tmp);
        }
        return removed;
    }

    /** {@link #sweepStale()} for one directory. */
    public static int sweepStale(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                ProcessIdentity owner = new ProcessIdentity(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                if (!owner.isAlive() && deleteQuietly(f)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            System.err.println("crossover: could not sweep stale shared memory files in " + dir + ": " + e);
        }
        return removed;
    }

    private static void installHook() {
        if (HOOKED.compareAndSet(false, true)) {
            // Deletes only: unmapping here could crash threads still using the memory.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> OWNED.forEach(ShmFile::deleteQuietly),
                    "crossover-shm-cleanup"));
        }
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ShmFile[" + path + ", " + segment.byteSize() + " bytes" + (owner ? ", owner" : "") + "]";
    }
}
