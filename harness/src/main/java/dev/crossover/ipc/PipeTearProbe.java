package dev.crossover.ipc;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * C10: several processes write frames to one named pipe ({@code mkfifo}) at once; this side reads
 * the stream, cuts it into frames and counts the torn ones (bytes of two writers mixed). POSIX makes
 * a {@code write(2)} of at most {@link #PIPE_BUF} bytes atomic on a pipe; larger writes may be split
 * and interleaved. With {@code locked}, each writer holds a {@link ShmLock} around its write, so
 * nothing can be torn.
 *
 * <p>The writers are child JVMs started once and reused for every {@link #round()}: each round, every
 * writer writes {@code framesPerRound} frames of {@code frameSize} bytes, each frame with one
 * {@code FileOutputStream.write} call. A frame is {@code int writer, int seq} and then bytes that
 * follow from both, so a torn frame cannot pass the check.
 */
public final class PipeTearProbe implements AutoCloseable {

    /** Linux's atomic pipe write limit (POSIX requires at least 512). */
    public static final int PIPE_BUF = 4096;

    /** Pause after each read of at most PIPE_BUF bytes. */
    static final long READER_PAUSE_NANOS = 20_000;
    private static final int READY = 0;
    private static final int ROUND = 1;
    private static final AtomicLong FIFOS = new AtomicLong();

    /**
     * One round's count.
     *
     * @param frames      frames written in the round (every writer's)
     * @param torn        frames not found intact in the stream: their bytes were split by another writer's
     * @param complete    true when every writer's every frame arrived intact and in order
     */
    public record Round(long frames, long torn, boolean complete) {
    }

    private final int writers;
    private final int frameSize;
    private final int framesPerRound;
    private final boolean locked;
    private final Path fifo;
    private final SharedLongArray control;
    private final ShmLock lock;
    private final FileChannel channel;
    private final List<PeerJvm> children = new ArrayList<>();
    private final ByteBuffer buffer;
    private long round;

    private PipeTearProbe(int writers, int frameSize, int framesPerRound, boolean locked) throws IOException, InterruptedException {
        if (writers < 1 || frameSize < 16 || framesPerRound < 1) {
            throw new IllegalArgumentException("need writers >= 1, frameSize >= 16, framesPerRound >= 1; got "
                    + writers + ", " + frameSize + ", " + framesPerRound);
        }
        this.writers = writers;
        this.frameSize = frameSize;
        this.framesPerRound = framesPerRound;
        this.locked = locked;
        this.buffer = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(writers, frameSize), framesPerRound));
        ProcessIdentity me = ProcessIdentity.current();
        this.fifo = ShmFile.directory().resolve("crossover-fifo-" + me.pid() + "-" + me.startMillis() + "-" + FIFOS.incrementAndGet() + ".fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        String out = new String(mk.getInputStream().readAllBytes());
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo " + fifo + " failed: " + out.strip() + "; C10 needs mkfifo (coreutils)");
        }
        this.control = SharedLongArray.create(2);
        this.lock = locked ? ShmLock.create() : null;
        // Read and write: opening a fifo so never blocks, and the read side never sees EOF between rounds.
        this.channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Starts the writers and waits until each has the pipe open. */
    public static PipeTearProbe start(int writers, int frameSize, int framesPerRound, boolean locked) {
        PipeTearProbe p = null;
        try {
            p = new PipeTearProbe(writers, frameSize, framesPerRound, locked);
            for (int id = 0; id < writers; id++) {
                p.children.add(PeerJvm.start(IpcPeerMain.class, "pipe-write", p.fifo.toString(), Integer.toString(frameSize),
                        Integer.toString(framesPerRound), p.control.name(), locked ? p.lock.name() : "-", Integer.toString(id)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.control.get(READY) < writers) {
                for (PeerJvm c : p.children) {
                    if (!c.process().isAlive()) {
                        throw new IllegalStateException("pipe writer " + c + " exited with " + c.process().exitValue() + " before it was ready");
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipe writers not ready within 60 s");
                }
                Thread.sleep(5);
            }
            return p;
        } catch (IOException e) {
            if (p != null) {
                p.close();
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException | RuntimeException e) {
            if (p != null) {
                p.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Lets every writer write one round of frames at once, reads them all and counts torn frames. */
    public Round round() throws IOException {
        round++;
        buffer.clear();
        control.set(ROUND, round);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        AtomicBoolean done = new AtomicBoolean();
        String[] why = new String[1];
        // A dead writer would leave the read waiting for bytes that never come: a watchdog closes the pipe.
        Thread watchdog = Thread.ofPlatform().daemon().name("c10-watchdog").start(() -> {
            while (!done.get()) {
                for (PeerJvm c : children) {
                    if (!c.process().isAlive()) {
                        why[0] = "writer " + c + " died";
                    }
                }
                if (System.nanoTime() > deadline) {
                    why[0] = "timed out after 60 s";
                }
                if (why[0] != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // the reader fails either way
                    }
                    return;
                }
                LockSupport.parkNanos(50_000_000L);
            }
        });
        try {
            while (buffer.position() < buffer.capacity()) {
                // A reader that does some work per read, as real ones do: the pipe fills up, and
                // writers of frames above PIPE_BUF block part way through a frame.
                buffer.limit(Math.min(buffer.capacity(), buffer.position() + PIPE_BUF));
                channel.read(buffer);
                LockSupport.parkNanos(READER_PAUSE_NANOS);
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("C10 round " + round + ": only " + buffer.position() + " of "
                    + buffer.capacity() + " bytes arrived: " + why[0], e);
        } finally {
            done.set(true);
            LockSupport.unpark(watchdog);
        }
        return count(buffer.array());
    }

    /**
     * Finds every intact frame wherever it lies in the stream (a torn frame shifts everything after
     * it, so cutting at multiples of the frame size would count its neighbours too); the frames not
     * found intact are the torn ones.
     */
    private Round count(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean[] seen = new boolean[writers * framesPerRound];
        int[] next = new int[writers];
        boolean ordered = true;
        long intact = 0;
        int at = 0;
        while (at + frameSize <= bytes.length) {
            int writer = b.getInt(at);
            int seq = b.getInt(at + 4);
            boolean ok = writer >= 0 && writer < writers && seq >= 0 && seq < framesPerRound && !seen[writer * framesPerRound + seq];
            for (int i = 8; ok && i < frameSize; i++) {
                ok = bytes[at + i] == patternByte(writer, seq, i);
            }
            if (ok) {
                seen[writer * framesPerRound + seq] = true;
                ordered &= next[writer] == seq;
                next[writer] = seq + 1;
                intact++;
                at += frameSize;
            } else {
                at++;
            }
        }
        long expected = (long) writers * framesPerRound;
        long torn = expected - intact;
        return new Round(expected, torn, torn == 0 && ordered);
    }

    static byte patternByte(int writer, int seq, int i) {
        return (byte) (writer * 73 + seq * 31 + i);
    }

    public boolean locked() {
        return locked;
    }

    /** Stops the writers, removes the fifo and the shared files. */
    @Override
    public void close() {
        children.forEach(PeerJvm::close);
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing a fifo we only read
        }
        if (control != null) {
            control.close();
        }
        if (lock != null) {
            lock.close();
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException ignored) {
            // best effort; the name carries our pid for a later clean-up
        }
    }

    /** The writer side, run by {@link IpcPeerMain} role {@code pipe-write}. */
    static void write(String fifo, int frameSize, int frames, String controlName, String lockName, int id)
            throws IOException, InterruptedException {
        try (SharedLongArray control = SharedLongArray.open(controlName);
             ShmLock lock = lockName.equals("-") ? null : ShmLock.open(lockName);
             FileOutputStream out = new FileOutputStream(fifo)) {
            byte[][] framesBytes = new byte[frames][];
            for (int seq = 0; seq < frames; seq++) {
                ByteBuffer f = ByteBuffer.allocate(frameSize).putInt(id).putInt(seq);
                for (int i = 8; i < frameSize; i++) {
                    f.put(patternByte(id, seq, i));
                }
                framesBytes[seq] = f.array();
            }
            control.add(READY, 1);
            IdleStrategy idle = new IdleStrategy.Backoff();
            for (long round = 1; ; round++) {
                idle.reset();
                while (control.get(ROUND) < round) {
                    idle.idle();
                }
                for (byte[] frame : framesBytes) {
                    if (lock != null) {
                        lock.lock();
                    }
                    try {
                        out.write(frame); // one write(2) per frame (the JDK loops only on partial writes)
                    } finally {
                        if (lock != null) {
                            lock.unlock();
                        }
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "C10 probe: " + writers + " writers, " + frameSize + "-byte frames, " + (locked ? "locked" : "unlocked");
    }

}
