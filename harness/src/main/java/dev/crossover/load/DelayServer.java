package dev.crossover.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A loopback TCP server that answers each request after a set delay, on one thread: a {@link
 * Selector} for every connection and a timer queue ordered by due time, so ten thousand waiting
 * requests cost ten thousand small queue entries, not ten thousand threads. Runs in its own JVM
 * ({@link DelayServerMain}, started by {@link DelayServerProcess}) so that its work never competes
 * with the measured JVM's threads or heap; frames are {@link DelayProtocol}'s.
 */
public final class DelayServer implements AutoCloseable {

    /** Listen backlog asked for; Linux caps it at {@code net.core.somaxconn}. */
    public static final int BACKLOG = 4096;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final long defaultDelayNanos;
    private final PriorityQueue<Due> timers = new PriorityQueue<>();
    private long sequence;
    /** Requests received and not yet answered (or dropped with their connection); the selector thread's. */
    private long held;
    /** Most requests {@link #held} at once since the last {@link DelayProtocol#HELD_PEAK} question. */
    private long heldPeak;
    private volatile boolean stopping;

    /** A reply due at {@code dueNanos}; {@code seq} keeps replies of equal due time in arrival order. */
    private record Due(long dueNanos, long seq, Connection conn, long token) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(dueNanos - o.dueNanos, 0); // nanoTime may wrap: compare differences
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** One client connection: partial request bytes in, replies not yet written out. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(DelayProtocol.REQUEST_BYTES * 16);
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        SelectionKey key;
        boolean closed;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** Binds to an ephemeral loopback port; serve with {@link #run()}. */
    public DelayServer(long defaultDelayMicros) throws IOException {
        if (defaultDelayMicros < 0) {
            throw new IllegalArgumentException("default delay must be >= 0 µs, got " + defaultDelayMicros);
        }
        this.defaultDelayNanos = defaultDelayMicros * 1_000;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** Serves until {@link #close()}; call from exactly one thread. */
    public void run() throws IOException {
        while (!stopping) {
            long wait = fireDue();
            if (wait < 0) {
                selector.select();
            } else if (wait == 0) {
                selector.selectNow();
            } else {
                // select takes ms: round up so a reply is never sent before it is due
                selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
            }
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept();
                    continue;
                }
                Connection c = (Connection) key.attachment();
                try {
                    if (key.isReadable()) {
                        read(c);
                    }
                    if (key.isValid() && key.isWritable()) {
                        flush(c);
                    }
                } catch (IOException e) {
                    drop(c); // a client that vanished; the others go on
                }
            }
            selector.selectedKeys().clear();
        }
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        selector.close();
    }

    /** Sends every reply that is due; returns nanos until the next one, or -1 when none is pending. */
    private long fireDue() {
        long now = System.nanoTime();
        Due d;
        while ((d = timers.peek()) != null && d.dueNanos - now <= 0) {
            timers.poll();
            held--;
            if (d.conn.closed) {
                continue;
            }
            ByteBuffer reply = ByteBuffer.allocate(DelayProtocol.REPLY_BYTES);
            reply.putLong(d.token).putLong(d.token ^ DelayProtocol.REPLY_MAGIC).flip();
            d.conn.out.add(reply);
            try {
                flush(d.conn);
            } catch (IOException e) {
                drop(d.conn);
            }
        }
        return d == null ? -1 : Math.max(0, d.dueNanos - System.nanoTime());
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(Connection c) throws IOException {
        int n = c.channel.read(c.in);
        if (n < 0) {
            drop(c);
            return;
        }
        c.in.flip();
        long now = System.nanoTime();
        while (c.in.remaining() >= DelayProtocol.REQUEST_BYTES) {
            long token = c.in.getLong();
            long delayMicros = c.in.getLong();
            if (delayMicros == DelayProtocol.HELD_PEAK) {
                ByteBuffer reply = ByteBuffer.allocate(DelayProtocol.REPLY_BYTES);
                reply.putLong(heldPeak).putLong(heldPeak ^ DelayProtocol.REPLY_MAGIC).flip();
                c.out.add(reply);
                heldPeak = held;
                flush(c);
                continue;
            }
            held++;
            heldPeak = Math.max(heldPeak, held);
            long delay = delayMicros < 0 ? defaultDelayNanos : delayMicros * 1_000;
            timers.add(new Due(now + delay, sequence++, c, token));
        }
        c.in.compact();
    }

    private void flush(Connection c) throws IOException {
        ByteBuffer b;
        while ((b = c.out.peek()) != null) {
            c.channel.write(b);
            if (b.hasRemaining()) {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            c.out.poll();
        }
        if (c.key.isValid()) {
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void drop(Connection c) {
        c.closed = true;
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops {@link #run()} and closes every connection. Safe from any thread. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
    }
}
