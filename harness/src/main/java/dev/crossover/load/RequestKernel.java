package dev.crossover.load;

import dev.crossover.workers.Kernel;
import dev.crossover.workers.TaskArgs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kernel {@code request}: one blocking request to a {@link DelayServer}, answered after the delay.
 *
 * <p>Argument {@code [delayMs]} or {@code [delayMs, token]} (a negative delay, or no argument, means
 * the {@code delay.ms} setting, else the server's default); result {@code [token]}, the token the
 * server echoed, so a caller can check every answer belongs to its request. Plain {@link Socket}
 * I/O, so a virtual thread unmounts while it waits, as it would in a real service.
 *
 * <p>Settings: {@value #PORT} (required), {@value #DELAY_MS}, {@value #CONNECTIONS} (connections to
 * open at {@link #open}, so a benchmark does not pay for them in its measurement),
 * {@value #CONNECT_BATCH}. Connections are persistent and pooled inside this kernel instance; new
 * ones open when none is idle, at most {@value #DEFAULT_CONNECT_BATCH} at a time by default, each
 * confirmed by a zero-delay ping before the next may start, so the server's accept queue (listen
 * backlog {@value DelayServer#BACKLOG}, capped by {@code somaxconn}) never overflows and no SYN is
 * dropped into a one-second retransmit. {@link #close()} closes every socket, so requests still
 * waiting fail at once instead of draining for minutes.
 */
public final class RequestKernel implements Kernel {

    /** Setting: the delay server's port on the loopback interface. */
    public static final String PORT = "delay.port";
    /** Setting: default delay in ms when a task does not give one. */
    public static final String DELAY_MS = "delay.ms";
    /** Setting: connections to open at {@link #open}. */
    public static final String CONNECTIONS = "delay.connections";
    /** Setting: connections opened at once (each confirmed before the next starts). */
    public static final String CONNECT_BATCH = "delay.connectBatch";
    /** Connections opened at once unless told otherwise: well below the listen backlog. */
    public static final int DEFAULT_CONNECT_BATCH = 512;

    /** Read timeout: far above any delay a benchmark uses, so a lost server fails a task, never hangs it. */
    private static final int READ_TIMEOUT_MS = 120_000;

    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final AtomicLong opened = new AtomicLong();
    private volatile InetSocketAddress server;
    private volatile long defaultDelayMicros = -1;
    private volatile Semaphore connectPermits = new Semaphore(DEFAULT_CONNECT_BATCH);
    private volatile boolean closed;

    /** One persistent connection; used by one task at a time. */
    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    @Override
    public String name() {
        return "request";
    }

    @Override
    public void open(Map<String, String> settings) throws Exception {
        String port = settings.get(PORT);
        if (port == null) {
            throw new IllegalArgumentException("request: setting '" + PORT + "' is missing; start a DelayServerProcess "
                    + "and pass its port with PoolSpec.withSettings(Map.of(\"" + PORT + "\", port))");
        }
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.trim()));
        if (settings.containsKey(DELAY_MS)) {
            defaultDelayMicros = Long.parseLong(settings.get(DELAY_MS).trim()) * 1_000;
        }
        int batch = Integer.parseInt(settings.getOrDefault(CONNECT_BATCH, Integer.toString(DEFAULT_CONNECT_BATCH)).trim());
        if (batch < 1) {
            throw new IllegalArgumentException("request: " + CONNECT_BATCH + " must be >= 1, got " + batch);
        }
        connectPermits = new Semaphore(batch);
        int n = Integer.parseInt(settings.getOrDefault(CONNECTIONS, "0").trim());
        if (n > 0) {
            preconnect(n);
        }
    }

    /** Opens connections until {@code n} are open, on virtual threads, {@value #CONNECT_BATCH} at a time. */
    public void preconnect(int n) throws IOException, InterruptedException {
        int missing = n - all.size();
        if (missing <= 0) {
            return;
        }
        IOException[] failure = new IOException[1];
        Thread[] threads = new Thread[missing];
        for (int i = 0; i < missing; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    idle.add(connect());
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IOException("request: could not open " + n + " connections to " + server
                    + " (open now: " + all.size() + "); check `ulimit -n` (each side needs one descriptor per connection)",
                    failure[0]);
        }
    }

    @Override
    public byte[] apply(byte[] arg) throws Exception {
        long delayMs = arg.length >= Long.BYTES ? TaskArgs.longAt(arg, 0) : -1;
        long token = arg.length >= 2 * Long.BYTES ? TaskArgs.longAt(arg, 1) : ThreadLocalRandom.current().nextLong();
        long delayMicros = delayMs >= 0 ? delayMs * 1_000 : defaultDelayMicros;
        Connection c = idle.pollFirst();
        if (c == null) {
            c = connect();
        }
        long answer;
        try {
            answer = roundTrip(c, token, delayMicros);
        } catch (IOException | RuntimeException e) {
            discard(c);
            if (closed) {
                throw new IOException("request: kernel closed while the request waited (the pool is shutting down)", e);
            }
            throw e;
        }
        if (closed) {
            discard(c);
        } else {
            idle.addFirst(c); // most recently used first: keeps the working set of connections small
        }
        return TaskArgs.longs(answer);
    }

    /** Connections open now. */
    public int openConnections() {
        return all.size();
    }

    /** Connections opened since {@link #open}, including those closed since. */
    public long connectionsOpened() {
        return opened.get();
    }

    private Connection connect() throws IOException {
        if (closed) {
            throw new IOException("request: kernel is closed");
        }
        InetSocketAddress to = server;
        if (to == null) {
            throw new IllegalStateException("request: open(settings) was not called");
        }
        try {
            connectPermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("request: interrupted while waiting to connect", e);
        }
        try {
            Socket s = new Socket();
            Connection c;
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(READ_TIMEOUT_MS);
                s.connect(to, 30_000);
                c = new Connection(s, s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                s.close();
                throw e;
            }
            all.add(c);
            opened.incrementAndGet();
            try {
                // The ping proves the server accepted this connection, so the next connect may start.
                long token = ThreadLocalRandom.current().nextLong();
                if (roundTrip(c, token, 0) != token) {
                    throw new IOException("request: ping on a new connection got another token back");
                }
            } catch (IOException | RuntimeException e) {
                discard(c);
                throw e;
            }
            if (closed) {
                discard(c);
                throw new IOException("request: kernel is closed");
            }
            return c;
        } finally {
            connectPermits.release();
        }
    }

    private static long roundTrip(Connection c, long token, long delayMicros) throws IOException {
        byte[] frame = new byte[Math.max(DelayProtocol.REQUEST_BYTES, DelayProtocol.REPLY_BYTES)];
        DelayProtocol.putRequest(frame, token, delayMicros);
        c.out.write(frame, 0, DelayProtocol.REQUEST_BYTES);
        c.out.flush();
        int got = 0;
        while (got < DelayProtocol.REPLY_BYTES) {
            int n = c.in.read(frame, got, DelayProtocol.REPLY_BYTES - got);
            if (n < 0) {
                throw new IOException("request: delay server closed the connection (is it still running?)");
            }
            got += n;
        }
        long answer = DelayProtocol.replyToken(frame);
        if (answer != token) {
            throw new IOException("request: reply for token " + answer + " on a connection that sent " + token);
        }
        return answer;
    }

    private void discard(Connection c) {
        all.remove(c);
        try {
            c.socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Closes every connection, also those with a request waiting: their tasks fail at once. */
    @Override
    public void close() {
        closed = true;
        for (Connection c : all) {
            discard(c);
        }
        idle.clear();
    }
}
