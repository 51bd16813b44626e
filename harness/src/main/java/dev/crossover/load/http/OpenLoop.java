package dev.crossover.load.http;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: requests at a fixed arrival rate, whatever the client's answers do, each one's
 * latency measured from its intended start ({@code start + n ÷ rate}), not from when it was sent, so a
 * client (or a caller) that falls behind shows its queueing in the latency instead of hiding it
 * (no coordinated omission). Latencies go into an HdrHistogram {@link Recorder} in microseconds.
 *
 * <p>One thread paces ({@link #issueNext()}); answers arrive on the client's threads. Requests still
 * unanswered are bounded by {@code maxOutstanding}: beyond it a request is not sent and counts as
 * refused, so a saturated client cannot grow without bound.
 *
 * <p>A window's latencies are those of the requests answered in it and, for each request still
 * waiting at its end, the age it has reached: its latency is at least that. A saturated client whose
 * answers stopped coming therefore shows a latency that grows with the wait instead of none, and each
 * percentile is a lower bound of the true one while {@link Window#outstanding()} is above 0.
 */
public final class OpenLoop {

    /** Largest latency the histogram holds, µs (one hour). */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final HttpLoadClient client;
    private final double rate;
    private final int maxOutstanding;
    private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
    private final AtomicLong outstanding = new AtomicLong();
    /** Intended starts of the requests sent and not yet answered, ns, each with how many share it. */
    private final ConcurrentSkipListMap<Long, Integer> waiting = new ConcurrentSkipListMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    // pacer thread only
    private long start;
    private long n;
    private long issued;
    private long refused;
    private long lagMaxNanos;
    private long windowStart;

    /**
     * @param rate           arrival rate, requests per second
     * @param maxOutstanding requests that may wait for an answer at once before new ones are refused
     */
    public OpenLoop(HttpLoadClient client, double rate, int maxOutstanding) {
        if (!(rate > 0) || Double.isInfinite(rate) || maxOutstanding < 1) {
            throw new IllegalArgumentException("open loop: rate must be > 0 requests/s and maxOutstanding >= 1, got rate=" + rate
                    + " maxOutstanding=" + maxOutstanding);
        }
        this.client = client;
        this.rate = rate;
        this.maxOutstanding = maxOutstanding;
        restart();
    }

    /** Starts a new schedule now: request n is intended at now + n ÷ rate. */
    public void restart() {
        start = System.nanoTime();
        windowStart = start;
        n = 0;
    }

    /** When request {@code i} of the current schedule is intended to start, in {@link System#nanoTime()} terms. */
    public long intendedStart(long i) {
        return start + (long) (i * 1e9 / rate);
    }

    /** Waits until the next request's intended start, sends it (or refuses it), and returns its intended start. */
    public long issueNext() {
        long intended = intendedStart(n++);
        long now;
        while ((now = System.nanoTime()) < intended) {
            LockSupport.parkNanos(intended - now);
        }
        lagMaxNanos = Math.max(lagMaxNanos, now - intended);
        issued++;
        if (outstanding.get() >= maxOutstanding) {
            refused++;
            return intended;
        }
        outstanding.incrementAndGet();
        waiting.merge(intended, 1, Integer::sum);
        client.send(failure -> {
            long done = System.nanoTime();
            waiting.computeIfPresent(intended, (k, c) -> c == 1 ? null : c - 1);
            outstanding.decrementAndGet();
            if (failure != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, failure);
            } else {
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (done - intended) / 1_000)));
                completed.incrementAndGet();
            }
        });
        return intended;
    }

    /** Requests sent and not yet answered. */
    public long outstanding() {
        return outstanding.get();
    }

    /** The first failure a request met, or null. */
    public Throwable firstFailure() {
        return firstFailure.get();
    }

    /** Waits until no request is outstanding, at most {@code timeoutNanos}; true when none is. */
    public boolean drain(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
        }
        return outstanding.get() == 0;
    }

    /** What happened since the previous window (or the start), and a new window from now. Called from the pacer's thread. */
    public Window takeWindow() {
        long now = System.nanoTime();
        Histogram h = latency.getIntervalHistogram();
        long stillWaiting = 0;
        for (Map.Entry<Long, Integer> e : waiting.headMap(now, true).entrySet()) {
            h.recordValueWithCount(Math.min(HIGHEST_MICROS, Math.max(0, (now - e.getKey()) / 1_000)), e.getValue());
            stillWaiting += e.getValue();
        }
        Window w = new Window(h, (now - windowStart) / 1e9, issued, completed.getAndSet(0),
                failed.getAndSet(0), refused, stillWaiting, lagMaxNanos / 1_000);
        windowStart = now;
        issued = 0;
        refused = 0;
        lagMaxNanos = 0;
        return w;
    }

    /**
     * One window of the open loop.
     *
     * @param latencyMicros  latencies from intended start of the requests answered in the window, and the
     *                       age of each request still waiting at its end, µs
     * @param seconds        the window's length
     * @param issued         requests due in the window (sent or refused)
     * @param completed      answered correctly
     * @param failed         answered with a failure
     * @param refused        not sent: {@code maxOutstanding} were waiting
     * @param outstanding    waiting at the window's end (each in {@code latencyMicros} at its age)
     * @param issueLagMaxMicros the latest the pacer sent a request after its intended start, µs
     */
    public record Window(Histogram latencyMicros, double seconds, long issued, long completed, long failed, long refused,
                         long outstanding, long issueLagMaxMicros) {

        /** The latency at {@code percentile} (0-100), ms (a lower bound while requests wait); NaN with none answered or waiting. */
        public double percentileMs(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
        }

        /** The largest latency, ms; NaN with none answered or waiting. */
        public double maxMs() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1_000.0;
        }

        /** Mean latency, ms; NaN with none answered or waiting. */
        public double meanMs() {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMean() / 1_000.0;
        }
    }
}
