package dev.crossover.load.http;

import dev.crossover.profile.ProcFs;
import dev.crossover.sizing.PoolSizer;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;

/**
 * Starts each {@link HttpClientKind} on one {@link HttpTarget}, and sizes the formula pool: {@code
 * cores × (1 + wait/compute)}, with the wait the target's delay and the compute the CPU this JVM
 * spends on one request ({@link #measureComputeMicros}), capped at {@link PoolSizer#DEFAULT_CAP} and
 * rounded up to a multiple of the cores so child JVMs split it evenly.
 */
public final class HttpClients {

    /** Significant digits the formula is rounded up to, so trials measuring a little differently agree. */
    static final int SIGNIFICANT_DIGITS = 2;

    private HttpClients() {
    }

    /**
     * CPU time of this whole JVM (the caller and the JDK client's own threads) per blocking request at
     * delay 0, µs: the cheapest of several batches, since other load on the machine inflates some.
     * Falls back to the calling thread's CPU time where {@code /proc} is missing.
     */
    public static double measureComputeMicros(HttpTarget target) throws IOException, InterruptedException {
        HttpTarget zero = new HttpTarget(target.port(), 0, target.bytes());
        java.net.http.HttpRequest req = zero.request();
        long pid = ProcessHandle.current().pid();
        try (HttpClient c = HttpTarget.newJdkClient()) {
            for (int i = 0; i < 200; i++) {
                zero.check(c.send(req, HttpResponse.BodyHandlers.ofByteArray()));
            }
            int n = 50;
            double best = Double.MAX_VALUE;
            for (int b = 0; b < 8; b++) {
                long c0 = cpuNanos(pid);
                for (int i = 0; i < n; i++) {
                    zero.check(c.send(req, HttpResponse.BodyHandlers.ofByteArray()));
                }
                best = Math.min(best, (cpuNanos(pid) - c0) / 1_000.0 / n);
            }
            return best;
        }
    }

    private static long cpuNanos(long pid) {
        return ProcFs.AVAILABLE ? ProcFs.cpuNanos(pid) : ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The formula pool's size for {@code cores} cores, the target's delay as the wait and {@code computeMicros}. */
    public static int formula(int cores, int delayMs, double computeMicros) {
        int raw = PoolSizer.blockingFormula(cores, delayMs * 1_000.0, computeMicros, PoolSizer.DEFAULT_CAP);
        return PoolSizer.evenlySplittable(Math.min(PoolSizer.DEFAULT_CAP, PoolSizer.roundUpSignificant(raw, SIGNIFICANT_DIGITS)), cores);
    }

    /**
     * Starts {@code kind} against {@code target}.
     *
     * @param cores   the core budget: {@code FIXED_CORES}' threads, {@code PROCESS}' child JVMs
     * @param formula the formula's size: {@code FIXED_FORMULA}'s threads, {@code PROCESS}' threads in all
     */
    public static HttpLoadClient start(HttpClientKind kind, HttpTarget target, int cores, int formula) throws IOException {
        if (cores < 1 || formula < cores) {
            throw new IllegalArgumentException("HTTP clients: cores must be >= 1 and formula >= cores, got cores=" + cores
                    + " formula=" + formula);
        }
        String jdk = "blocking HttpClient.send (HTTP/1.1, the JDK client's connection pool: one kept-alive connection per request "
                + "in flight, reused when idle, no cap)";
        return switch (kind) {
            case FIXED_CORES -> new PoolHttpClient(PoolSpec.of(Executor.THREADS, cores).withSettings(target.settings()).start(), cores,
                    jdk + " on a fixed pool of " + cores + " platform threads (cores)");
            case FIXED_FORMULA -> new PoolHttpClient(PoolSpec.of(Executor.THREADS, formula).withSettings(target.settings()).start(), formula,
                    jdk + " on a fixed pool of " + formula + " platform threads (the blocking formula)");
            case VIRTUAL -> new PoolHttpClient(PoolSpec.of(Executor.VIRTUAL, 0).withSettings(target.settings()).start(), 0,
                    jdk + " on a virtual thread per request, no cap");
            case PROCESS -> new PoolHttpClient(PoolSpec.of(Executor.PROCESS_PIPE, cores).withInFlight(formula / cores)
                    .withChildThreads(formula / cores).withSettings(target.settings()).start(), formula,
                    jdk + " in " + cores + " child JVMs × " + formula / cores + " threads (the formula's " + formula + " in all), one JDK client per child");
            case ASYNC -> new AsyncHttpClient(target);
            case EVENT_LOOP -> new EventLoopHttpClient(target);
        };
    }
}
