package dev.crossover.results;

/**
 * The {@code @Param} names the benchmarks use and the analysis reads. A benchmark field named
 * otherwise is invisible to the crossovers; {@code BenchmarkContractTest} checks the benchmarks.
 */
public final class ParamNames {

    private ParamNames() {
    }

    /** {@link dev.crossover.workers.Executor} name, or a benchmark's own executor variant enum. */
    public static final String EXECUTOR = "executor";
    /** Pool size: a number, or a symbol resolved by {@code PoolSizer} ({@code cores}, {@code 2*cores}, …). */
    public static final String POOL_SIZE = "poolSize";
    /** CPU work units per task ({@code CpuWork}). */
    public static final String TASK_UNITS = "taskUnits";
    /** Concurrent blocking requests in flight. */
    public static final String CONCURRENCY = "concurrency";
    /** Server delay per request, milliseconds. */
    public static final String DELAY_MS = "delayMs";
    /** Wait fraction W/(W+C) of a mixed task. */
    public static final String WAIT_FRACTION = "waitFraction";
    /** Tasks per chunk in {@code map}. */
    public static final String CHUNK_SIZE = "chunkSize";
    /** Total CPU work units of a cold-start job. */
    public static final String JOB_UNITS = "jobUnits";
    /** Message payload in bytes. */
    public static final String PAYLOAD = "payload";
    /** Contending threads or processes. */
    public static final String CONTENDERS = "contenders";
    /** The kernel a sweep runs (default {@code cpu} or {@code mixed}); a user's own kernel by name. */
    public static final String KERNEL = "kernel";
    /** How a shared-memory side waits: {@code backoff} (the default) or {@code spin}. */
    public static final String IDLE = "idle";
    /** Processes writing one pipe at once (C10). */
    public static final String WRITERS = "writers";
    /** Producers on a queue, and as many consumers (C21). */
    public static final String PAIRS = "pairs";
    /** Consumers blocked in {@code get} on one queue when an item arrives, each able to take it (C21 handoff). */
    public static final String TAKERS = "takers";
    /** Which process queue a benchmark uses: {@code SHM} ({@code ShmQueue}) or {@code PIPE} ({@code PipeQueue}) (C9). */
    public static final String QUEUE = "queue";
    /**
     * The thread capacity every compared I/O configuration gets: {@code formula} (the blocking formula
     * for the wait and compute measured at setup) or a number (C13, C16, X3).
     */
    public static final String CAPACITY = "capacity";
    /** The fault a worker meets: {@code KILL}, {@code HALT}, {@code EXIT} or {@code OOM} (C5, {@code FaultBench.workerFault}). */
    public static final String FAULT = "fault";
    /** Where a caller and its partner run: {@code ONE_CPU} (pinned together: switch cost) or {@code ANY_CPU} (cross-core wake-up) (C6). */
    public static final String PLACEMENT = "placement";
    /** How many wait on a condition and how many one call releases: {@code ONE_OF_1}, {@code ONE_OF_4}, {@code ALL_OF_4} (C17). */
    public static final String WAKE = "wake";
    /** Threads or processes waiting on one event (C18). */
    public static final String WAITERS = "waiters";
    /** What else runs during a measurement: {@code IDLE} or {@code BUSY} (one spinning thread per core) (C19). */
    public static final String LOAD = "load";

    /** HTTP client kind ({@code HttpClientKind}). */
    public static final String CLIENT = "client";
    /** Open-loop arrival rate, requests per second. */
    public static final String RATE = "rate";
    /** Response body size, bytes (the HTTP benchmarks). */
    public static final String BYTES = "bytes";
    /** Milliseconds a CPU-bound virtual thread runs before it gives its carrier back (C25, {@code CarrierStarvationBench}). */
    public static final String CPU_TASK_MS = "cpuTaskMs";
}
