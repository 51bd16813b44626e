package dev.crossover.load.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP/1.1 delay service on Netty: {@code GET /delay?ms=D&bytes=B} answers {@code 200} with a body
 * of {@code B} bytes after {@code D} ms, scheduled as a timer on the connection's event loop, so no
 * thread waits for a request. Connections are kept alive unless the request asks to close.
 *
 * <p>It watches its own schedule: each timer's lateness (when it ran minus when it was due) is kept,
 * and {@code GET /stats} answers one line of counters since the previous {@code /stats}:
 * {@code served}, {@code lateMaxMicros} (the worst lateness), {@code late} (timers later than the limit it was
 * started with), {@code heldPeak}
 * (the most requests held waiting at once), {@code open} (connections open now) and {@code opened}
 * (connections accepted). A client reading many late timers knows the server, not
 * the client, was behind its schedule.
 */
public final class HttpDelayServer implements AutoCloseable {

    /** Largest body the service sends, bytes. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Longest delay the service accepts, ms. */
    public static final long MAX_DELAY_MS = 60_000;
    /** Listen backlog: room for a burst of connects at the largest concurrency a benchmark uses. */
    public static final int BACKLOG = 16_384;
    /** The lateness limit unless told otherwise: a timer later than this counts in {@code late}. */
    public static final long DEFAULT_LATE_LIMIT_MS = 5;

    private static final byte[] BODY = filledBody();

    private final EventLoopGroup group;
    private final Channel listener;
    private final int threads;
    private final long lateLimitNanos;
    private final LongAdder served = new LongAdder();
    private final LongAccumulator lateMaxNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder lateCount = new LongAdder();
    private final AtomicLong held = new AtomicLong();
    private final LongAccumulator heldPeak = new LongAccumulator(Math::max, 0);
    private final AtomicLong open = new AtomicLong();
    private final LongAdder opened = new LongAdder();

    /**
     * Listens on an ephemeral loopback port with {@code threads} event loops.
     *
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public HttpDelayServer(int threads) throws InterruptedException {
        this(threads, DEFAULT_LATE_LIMIT_MS);
    }

    /**
     * Listens on an ephemeral loopback port with {@code threads} event loops, counting timers later
     * than {@code lateLimitMs} as late.
     *
     * @throws IllegalArgumentException when {@code threads} is below 1 or the limit below 0
     */
    public HttpDelayServer(int threads, long lateLimitMs) throws InterruptedException {
        if (threads < 1 || lateLimitMs < 0) {
            throw new IllegalArgumentException("HttpDelayServer: threads must be >= 1 and the lateness limit >= 0 ms, got threads="
                    + threads + " lateLimitMs=" + lateLimitMs);
        }
        this.threads = threads;
        this.lateLimitNanos = TimeUnit.MILLISECONDS.toNanos(lateLimitMs);
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            open.incrementAndGet();
                            opened.increment();
                            ch.closeFuture().addListener(f -> open.decrementAndGet());
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192), new Handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Event-loop threads. */
    public int threads() {
        return threads;
    }

    /** The counters of {@code /stats}, and a new window from now. */
    public Stats takeStats() {
        long h = held.get();
        return new Stats(served.sumThenReset(), lateMaxNanos.getThenReset() / 1_000, lateCount.sumThenReset(),
                Math.max(h, heldPeak.getThenReset()), open.get(), opened.sumThenReset(), threads, lateLimitNanos / 1_000);
    }

    /** Closes the listener and every connection, and stops the event loops. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /**
     * One window of the server's counters.
     *
     * @param served        requests answered
     * @param lateMaxMicros the latest a timer ran after it was due, µs
     * @param late          timers later than the lateness limit
     * @param heldPeak      most requests held waiting at once
     * @param open          connections open now
     * @param opened        connections accepted in the window
     * @param threads       event-loop threads
     * @param lateLimitMicros the lateness limit, µs
     */
    public record Stats(long served, long lateMaxMicros, long late, long heldPeak, long open, long opened, int threads,
                        long lateLimitMicros) {

        /** The {@code /stats} line. */
        public String line() {
            return "served=" + served + " lateMaxMicros=" + lateMaxMicros + " late=" + late + " heldPeak=" + heldPeak
                    + " open=" + open + " opened=" + opened + " threads=" + threads + " lateLimitMicros=" + lateLimitMicros;
        }

        /** Reads a {@link #line()}. */
        public static Stats parse(String line) {
            List<String> names = List.of("served", "lateMaxMicros", "late", "heldPeak", "open", "opened", "threads", "lateLimitMicros");
            long[] v = new long[names.size()];
            boolean[] seen = new boolean[names.size()];
            for (String kv : line.trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                int i = eq < 0 ? -1 : names.indexOf(kv.substring(0, eq));
                if (i >= 0) {
                    v[i] = Long.parseLong(kv.substring(eq + 1));
                    seen[i] = true;
                }
            }
            for (int i = 0; i < seen.length; i++) {
                if (!seen[i]) {
                    throw new IllegalArgumentException("HTTP delay server stats line lacks '" + names.get(i) + "': " + line);
                }
            }
            return new Stats(v[0], v[1], v[2], v[3], v[4], v[5], (int) v[6], v[7]);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            switch (q.path()) {
                case "/delay" -> {
                    long ms;
                    int bytes;
                    try {
                        ms = longParam(q, "ms", 0);
                        bytes = (int) longParam(q, "bytes", 0);
                    } catch (NumberFormatException e) {
                        respond(ctx, HttpResponseStatus.BAD_REQUEST, text(e.getMessage()), keepAlive);
                        return;
                    }
                    if (ms < 0 || ms > MAX_DELAY_MS || bytes < 0 || bytes > MAX_BODY_BYTES) {
                        respond(ctx, HttpResponseStatus.BAD_REQUEST, text("ms must be 0.." + MAX_DELAY_MS + " and bytes 0.."
                                + MAX_BODY_BYTES + ", got ms=" + ms + " bytes=" + bytes + "\n"), keepAlive);
                        return;
                    }
                    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
                    heldPeak.accumulate(held.incrementAndGet());
                    ctx.executor().schedule(() -> {
                        long lateness = System.nanoTime() - due;
                        lateMaxNanos.accumulate(lateness);
                        if (lateness > lateLimitNanos) {
                            lateCount.increment();
                        }
                        held.decrementAndGet();
                        served.increment();
                        respond(ctx, HttpResponseStatus.OK, Unpooled.wrappedBuffer(BODY, 0, bytes), keepAlive);
                    }, ms, TimeUnit.MILLISECONDS);
                }
                case "/stats" -> respond(ctx, HttpResponseStatus.OK, text(takeStats().line() + "\n"), keepAlive);
                default -> respond(ctx, HttpResponseStatus.NOT_FOUND, text("paths: /delay?ms=D&bytes=B, /stats\n"), keepAlive);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that went away; the others are unaffected
        }
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(r, body.readableBytes());
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(r, ctx.voidPromise());
        }
    }

    private static long longParam(QueryStringDecoder q, String name, long otherwise) {
        List<String> v = q.parameters().get(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(v.getFirst());
        } catch (NumberFormatException e) {
            throw new NumberFormatException("query parameter " + name + "='" + v.getFirst() + "' is not a whole number\n");
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static byte[] filledBody() {
        byte[] b = new byte[MAX_BODY_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }
}
