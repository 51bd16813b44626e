package dev.crossover.ipc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ProcessQueue} over a pipe, built the way the notes describe Python's: a pipe plus a
 * buffer, a lock and a thread on each side (C2). {@code put} hands the item to a bounded local buffer
 * that a feeder thread writes to the pipe as length-prefixed frames; a reader thread decodes frames
 * from the pipe into a bounded buffer that {@code get} takes from. Several threads may put and get;
 * several <em>processes</em> writing one pipe need a cross-process lock (C10, {@link PipeTearProbe}).
 *
 * <p>One object holds either end or both: the writing end for a child's stdin, the reading end for a
 * child's stdout, both for a named pipe. Using a missing end fails with a clear message.
 */
public final class PipeQueue implements ProcessQueue {

    /** Largest item: frames carry an int length, and bigger items belong in a file. */
    public static final int MAX_ITEM = 16 << 20;

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> outgoing;
    private final BlockingQueue<byte[]> incoming;
    private final Thread feeder;
    private final Thread reader;
    private final String name;
    private final InputStream in;
    private volatile Throwable failure;
    private volatile boolean ended;

    /**
     * @param in       the reading end, or null
     * @param out      the writing end, or null
     * @param capacity items each local buffer holds; a full one makes {@code put} wait or fail
     * @param name     for messages and thread names
     */
    public PipeQueue(InputStream in, OutputStream out, int capacity, String name) {
        if (capacity < 1) {
            throw new IllegalArgumentException("pipe queue capacity must be >= 1 item, got " + capacity);
        }
        this.name = name;
        this.in = in;
        this.outgoing = out == null ? null : new ArrayBlockingQueue<>(capacity);
        this.incoming = in == null ? null : new ArrayBlockingQueue<>(capacity);
        this.feeder = out == null ? null : Thread.ofPlatform().daemon().name("pipe-queue-feeder-" + name).start(() -> feed(out));
        this.reader = in == null ? null : Thread.ofPlatform().daemon().name("pipe-queue-reader-" + name).start(() -> read(in));
    }

    private void feed(OutputStream os) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
            while (true) {
                byte[] item = outgoing.poll();
                if (item == null) {
                    // Nothing more queued: push what we have to the reader before sleeping.
                    out.flush();
                    item = outgoing.take();
                }
                if (item == END) {
                    return;
                }
                out.writeInt(item.length);
                out.write(item);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            // terminated
        }
    }

    private void read(InputStream is) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    return;
                }
                if (length < 0 || length > MAX_ITEM) {
                    throw new IOException("corrupt frame: length " + length + " (is another process writing this pipe without a lock?)");
                }
                byte[] item = new byte[length];
                in.readFully(item);
                incoming.put(item);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            // terminated
        } finally {
            ended = true;
            // Blocking put: the end marker must not be lost when the buffer is full.
            try {
                incoming.put(END);
            } catch (InterruptedException e) {
                incoming.offer(END);
            }
        }
    }

    @Override
    public int maxItemSize() {
        return MAX_ITEM;
    }

    @Override
    public void put(byte[] item, boolean block, Duration timeout) throws InterruptedException {
        if (outgoing == null) {
            throw new UnsupportedOperationException("pipe queue " + name + " holds only the reading end; put on the writer's side");
        }
        if (item.length > MAX_ITEM) {
            throw new IllegalArgumentException("item of " + item.length + " bytes exceeds the pipe queue's limit of " + MAX_ITEM);
        }
        if (failure != null || !feeder.isAlive()) {
            throw new PeerGoneException("pipe queue " + name + " cannot write: " + (failure == null ? "closed" : failure));
        }
        boolean added = !block ? outgoing.offer(item)
                : timeout == null ? putWaiting(item) : outgoing.offer(item, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!added) {
            throw new QueueFullException("pipe queue " + name + " is full (" + outgoing.size() + " items waiting for the pipe)"
                    + (block ? " and stayed full for " + timeout : "") + "; the reader is slower than the writers");
        }
    }

    private boolean putWaiting(byte[] item) throws InterruptedException {
        outgoing.put(item);
        return true;
    }

    @Override
    public byte[] get(boolean block, Duration timeout) throws InterruptedException {
        if (incoming == null) {
            throw new UnsupportedOperationException("pipe queue " + name + " holds only the writing end; get on the reader's side");
        }
        byte[] item = !block ? incoming.poll()
                : timeout == null ? incoming.take() : incoming.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == END) {
            incoming.offer(END);
            throw new PeerGoneException("pipe queue " + name + ": the writer closed the pipe"
                    + (failure == null ? "" : " (" + failure + ")") + "; no more items will come");
        }
        if (item == null) {
            throw new QueueEmptyException("pipe queue " + name + " is empty"
                    + (block ? ": nothing arrived within " + timeout : " (get without blocking)") + "; wait longer or check the writer");
        }
        return item;
    }

    /** True once the writer closed the pipe and every item has been taken. */
    public boolean isFinished() {
        return ended && (incoming == null || incoming.isEmpty() || incoming.peek() == END);
    }

    /** Flushes what was put, closes the writing end (the reader sees the end), stops the threads. */
    @Override
    public void close() {
        if (feeder != null) {
            try {
                // A feeder that died (its pipe broke) drains nothing more: waiting for room in a full
                // buffer would hang close() for good, so the end marker goes only to a live one.
                if (feeder.isAlive() && outgoing.offer(END, 10, TimeUnit.SECONDS)) {
                    feeder.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            feeder.interrupt();
        }
        if (reader != null) {
            reader.interrupt();
            try {
                in.close(); // a thread blocked reading a pipe ignores interrupts; closing wakes it
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
