package dev.crossover.load.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM's counterpart of an asyncio event loop: one thread runs an NIO {@link Selector} over plain
 * non-blocking sockets, writes each HTTP/1.1 request itself and reads the status line, the {@code
 * Content-Length} and the body as they arrive. The program, not the OS, decides what runs next; no
 * thread waits for a request. Connections are handled like the JDK client's: one kept-alive
 * connection per request in flight, reused when idle, a new one opened when none is, no cap, no
 * pipelining.
 */
final class EventLoopHttpClient implements HttpLoadClient {

    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final HttpTarget target;
    private final InetSocketAddress server;
    private final byte[] request;
    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Done> incoming = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ArrayDeque<Connection> idle = new ArrayDeque<>(); // loop thread only
    private final Set<Connection> all = new HashSet<>(); // loop thread only
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    /** One socket and the request it carries now (loop thread only). */
    private static final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        Done current;
        ByteBuffer out;
        byte[] head = new byte[512];
        int headLength;
        boolean headDone;
        int status;
        long contentLength;
        long bodyRead;
        boolean closeAfter;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void reset() {
            current = null;
            out = null;
            headLength = 0;
            headDone = false;
            status = 0;
            contentLength = -1;
            bodyRead = 0;
            closeAfter = false;
        }
    }

    EventLoopHttpClient(HttpTarget target) throws IOException {
        this.target = target;
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.port());
        this.request = ("GET " + target.pathAndQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:" + target.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().daemon().name("http-event-loop").start(this::run);
    }

    @Override
    public void send(Done done) {
        if (closed) {
            done.completed(new IOException("event-loop HTTP client is closed"));
            return;
        }
        incoming.add(done);
        selector.wakeup();
    }

    @Override
    public int waitingThreads() {
        return 0;
    }

    @Override
    public String describe() {
        return "one NIO selector thread over plain sockets speaking HTTP/1.1 itself; one kept-alive connection per request in flight, "
                + "reused when idle, no cap, no pipelining";
    }

    /** Connections opened since the start. */
    long connectionsOpened() {
        return opened.get();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            throw new IllegalStateException("event-loop HTTP client: its loop thread did not stop within 10 s");
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(1_000);
                Done d;
                while ((d = incoming.poll()) != null) {
                    start(d);
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Connection c = (Connection) k.attachment();
                    try {
                        if (k.isValid() && k.isConnectable()) {
                            c.channel.finishConnect();
                            k.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (k.isValid() && k.isWritable()) {
                            writeSome(c);
                        }
                        if (k.isValid() && k.isReadable()) {
                            readSome(c);
                        }
                    } catch (IOException | RuntimeException e) {
                        fail(c, e);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            closed = true;
        } finally {
            IOException gone = new IOException("event-loop HTTP client closed while the request waited");
            for (Connection c : new ArrayList<>(all)) {
                fail(c, gone);
            }
            Done d;
            while ((d = incoming.poll()) != null) {
                d.completed(gone);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void start(Done d) {
        Connection c = idle.pollFirst(); // most recently used first, like the JDK client's pool
        try {
            if (c == null) {
                SocketChannel ch = SocketChannel.open();
                c = new Connection(ch);
                c.reset();
                all.add(c);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                opened.incrementAndGet();
                c.current = d;
                c.out = ByteBuffer.wrap(request);
                if (ch.connect(server)) {
                    c.key = ch.register(selector, SelectionKey.OP_WRITE, c);
                } else {
                    c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
                return;
            }
            c.current = d;
            c.out = ByteBuffer.wrap(request);
            writeSome(c);
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                fail(c, e);
            } else {
                d.completed(e);
            }
        }
    }

    private void writeSome(Connection c) throws IOException {
        c.channel.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void readSome(Connection c) throws IOException {
        while (true) {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("HTTP delay server closed a connection " + (c.current == null ? "while idle" : "before answering"));
            }
            if (n == 0) {
                return;
            }
            readBuffer.flip();
            if (!c.headDone) {
                int take = readBuffer.remaining();
                if (c.headLength + take > c.head.length) {
                    if (c.headLength + take > 64 * 1024) {
                        throw new IOException("HTTP response head longer than 64 KiB from " + server);
                    }
                    c.head = java.util.Arrays.copyOf(c.head, Math.max(2 * c.head.length, c.headLength + take));
                }
                readBuffer.get(c.head, c.headLength, take);
                int from = Math.max(0, c.headLength - 3);
                c.headLength += take;
                int end = indexOf(c.head, c.headLength, from);
                if (end < 0) {
                    continue;
                }
                parseHead(c, end);
                c.headDone = true;
                c.bodyRead = c.headLength - (end + END_OF_HEADERS.length);
            } else {
                c.bodyRead += readBuffer.remaining();
            }
            if (c.bodyRead >= c.contentLength) {
                complete(c);
                return;
            }
        }
    }

    private void parseHead(Connection c, int end) throws IOException {
        String head = new String(c.head, 0, end, StandardCharsets.US_ASCII);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: '" + lines[0] + "'");
        }
        c.status = Integer.parseInt(status[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-length")) {
                c.contentLength = Long.parseLong(value);
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                c.closeAfter = true;
            }
        }
        if (c.contentLength < 0) {
            throw new IOException("HTTP response without Content-Length (status " + c.status + "); this client reads only sized bodies");
        }
    }

    private void complete(Connection c) {
        Done d = c.current;
        Throwable bad = null;
        try {
            if (c.bodyRead > c.contentLength) {
                throw new IOException("HTTP response carried " + (c.bodyRead - c.contentLength) + " bytes beyond its Content-Length");
            }
            target.check(c.status, c.bodyRead);
        } catch (IOException e) {
            bad = e;
        }
        boolean close = c.closeAfter || bad != null;
        c.reset();
        if (close) {
            discard(c);
        } else {
            c.key.interestOps(0);
            idle.addFirst(c);
        }
        d.completed(bad);
    }

    private void fail(Connection c, Throwable e) {
        Done d = c.current;
        c.current = null;
        discard(c);
        if (d != null) {
            d.completed(e);
        }
    }

    private void discard(Connection c) {
        all.remove(c);
        idle.remove(c);
        if (c.key != null) {
            c.key.cancel();
        }
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static int indexOf(byte[] a, int length, int from) {
        outer:
        for (int i = from; i + END_OF_HEADERS.length <= length; i++) {
            for (int j = 0; j < END_OF_HEADERS.length; j++) {
                if (a[i + j] != END_OF_HEADERS[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
