package dev.crossover.analysis;

import dev.crossover.results.BadInputException;
import dev.crossover.results.BenchmarkResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code crossover advise --runtime cpython}: threads or processes, pool size and {@code chunksize} for a
 * Python task of C compute and W wait, read from the CPython programs' results of a run ({@code
 * jmh-cpython.json}): the task-size curves of {@code Pool.map} against {@code ThreadPool.map}, the per-task
 * cost of {@code Pool.map} by chunksize, and the blocking-I/O thread pools against their Little's-law bound.
 */
public final class CPythonAdvisor {

    /** The {@code jmhVersion} the CPython module writes beside every result. */
    public static final String FORMAT = "crossover-cpython 1";

    /**
     * The advice.
     *
     * @param best     what to use, e.g. {@code multiprocessing.Pool(2).map(f, tasks, chunksize=16)}
     * @param lines    the figures behind it
     * @param distance how far the question lies from what was measured
     */
    public record Advice(String best, List<String> lines, String distance) {
    }

    private CPythonAdvisor() {
    }

    /** The advice for a task of {@code computeMicros} CPU and {@code waitMicros} blocking wait. */
    public static Advice advise(Analysis a, double computeMicros, double waitMicros) throws BadInputException {
        if (!(computeMicros >= 0) || !(waitMicros >= 0) || computeMicros + waitMicros <= 0) {
            throw new BadInputException("--compute and --wait must be ≥ 0 and not both 0 (got " + computeMicros + " µs and "
                    + waitMicros + " µs)");
        }
        List<BenchmarkResult> py = a.data().results().stream().filter(r -> FORMAT.equals(r.jmhVersion())).toList();
        if (py.isEmpty()) {
            throw new BadInputException("this run has no CPython results (no jmh-cpython.json, or the CPython group was not "
                    + "measured): run `crossover run` with a CPython 3.10 or newer on the PATH or --python PATH, or advise for the JVM "
                    + "(--runtime jvm)");
        }
        int cores = a.metadata().cores() != null ? a.metadata().cores() : Runtime.getRuntime().availableProcessors();
        List<String> lines = new ArrayList<>();
        String runtime = py.getFirst().vmName() + " " + py.getFirst().vmVersion();
        lines.add("From " + runtime + " on " + cores + " cores.");
        double computeCap = computeMicros > 0 ? 1e6 / computeMicros : Double.POSITIVE_INFINITY;

        if (waitMicros >= computeMicros) {
            int size = computeMicros > 0 ? (int) Math.min(1000, Math.ceil(cores * (1 + waitMicros / computeMicros))) : 100;
            String best = "a thread pool: ThreadPoolExecutor(" + size + ") or multiprocessing.dummy.Pool(" + size + ")";
            lines.add("Blocking waits release the GIL, so threads overlap them; size by the blocking formula cores × (1 + wait/compute) = "
                    + size + (computeMicros > 0 ? "" : " (no compute given: as many threads as requests in flight, here 100)") + ".");
            if (computeMicros > 0) {
                lines.add("The GIL still runs the compute one thread at a time: at most " + Fmt.num(computeCap)
                        + " tasks/s whatever the pool's size; if you need more, a process pool of " + cores
                        + " processes each with its own thread pool lifts that cap to about " + Fmt.num(computeCap * cores) + " tasks/s.");
            }
            Map<Integer, BenchmarkResult> io = byInt(py, "BlockingIo.threadPool", "workers");
            io.forEach((n, r) -> {
                double bound = n / (Double.parseDouble(r.param("delayMs")) / 1000);
                lines.add("Measured: ThreadPool(" + n + ") on " + r.param("delayMs") + " ms requests: "
                        + Fmt.num(r.primary().score()) + " req/s, " + Math.round(100 * r.primary().score() / bound) + "% of its bound " + Fmt.num(bound) + ".");
            });
            String distance = io.isEmpty() ? "no blocking-I/O result in this run: the size is the formula's, unmeasured"
                    : "measured at " + io.values().iterator().next().param("delayMs") + " ms waits and " + io.keySet() + " threads";
            return new Advice(best, lines, distance);
        }

        // CPU-bound: processes against threads at this task size, then the chunksize
        BenchmarkResult single = find(py, "CpuBound.singleThread");
        Map<Integer, BenchmarkResult> procs = byInt(py, "TaskSize.processes", "taskIterations");
        Map<Integer, BenchmarkResult> threads = byInt(py, "TaskSize.threads", "taskIterations");
        String distance;
        boolean processes = true;
        if (single != null && !procs.isEmpty() && !threads.isEmpty()) {
            double stepMicros = 1e6 / single.primary().score() / Double.parseDouble(single.param("taskIterations"));
            TreeMap<Double, Double> ratioByMicros = new TreeMap<>();
            procs.forEach((n, r) -> {
                BenchmarkResult t = threads.get(n);
                if (t != null) {
                    ratioByMicros.put(n * stepMicros, r.primary().score() / t.primary().score());
                }
            });
            double ratio = interpolate(ratioByMicros, computeMicros);
            processes = ratio >= 1;
            lines.add("Measured: Pool(" + cores + ").map against ThreadPool(" + cores + ").map at a task of about "
                    + Fmt.micros(computeMicros) + ": processes/threads " + Fmt.times(ratio) + " (curve " + curve(ratioByMicros) + ").");
            double lo = ratioByMicros.firstKey();
            double hi = ratioByMicros.lastKey();
            distance = computeMicros < lo || computeMicros > hi
                    ? "outside the measured task sizes (" + Fmt.micros(lo) + " … " + Fmt.micros(hi) + "): the nearest end is used"
                    : "within the measured task sizes (" + Fmt.micros(lo) + " … " + Fmt.micros(hi) + ")";
        } else {
            distance = "this run has no task-size curves (TaskSize.*, CpuBound.singleThread): processes assumed, as the GIL suggests";
        }
        if (!processes) {
            lines.add("At this size a task costs less than sending it to another process: threads, or no pool at all.");
            return new Advice("ThreadPool(" + cores + ") or one thread: processes lose at this task size", lines, distance);
        }
        Map<Integer, BenchmarkResult> map = byInt(py, "PoolMap.map", "chunksize");
        Integer chunk = null;
        for (Map.Entry<Integer, BenchmarkResult> e : map.entrySet()) {
            double overhead = 1e6 / e.getValue().primary().score();
            if (chunk == null && overhead <= 0.05 * computeMicros) {
                chunk = e.getKey();
            }
        }
        if (!map.isEmpty()) {
            List<String> costs = new ArrayList<>();
            map.forEach((k, r) -> costs.add(k + ": " + Fmt.micros(1e6 / r.primary().score())));
            lines.add("Measured cost per trivial task of Pool.map by chunksize: " + String.join(", ", costs)
                    + (chunk == null ? "; none is below 5% of your task: use the largest" : "; the smallest below 5% of your task is " + chunk) + ".");
            if (chunk == null) {
                chunk = ((TreeMap<Integer, BenchmarkResult>) map).lastKey();
            }
        }
        lines.add("The GIL lets threads use one core on Python code; processes use all " + cores + ".");
        return new Advice("multiprocessing.Pool(" + cores + ").map(f, tasks" + (chunk == null ? "" : ", chunksize=" + chunk) + ")",
                lines, distance);
    }

    private static double interpolate(TreeMap<Double, Double> curve, double x) {
        Map.Entry<Double, Double> lo = curve.floorEntry(x);
        Map.Entry<Double, Double> hi = curve.ceilingEntry(x);
        if (lo == null) {
            return hi.getValue();
        }
        if (hi == null || hi.getKey().equals(lo.getKey())) {
            return lo.getValue();
        }
        double f = (Math.log(x) - Math.log(lo.getKey())) / (Math.log(hi.getKey()) - Math.log(lo.getKey()));
        return lo.getValue() + f * (hi.getValue() - lo.getValue());
    }

    private static String curve(TreeMap<Double, Double> c) {
        List<String> s = new ArrayList<>();
        c.forEach((k, v) -> s.add(Fmt.micros(k) + " " + Fmt.times(v)));
        return String.join(", ", s);
    }

    private static BenchmarkResult find(List<BenchmarkResult> rs, String shortName) {
        return rs.stream().filter(r -> r.shortName().equals(shortName)).findFirst().orElse(null);
    }

    private static Map<Integer, BenchmarkResult> byInt(List<BenchmarkResult> rs, String shortName, String param) {
        TreeMap<Integer, BenchmarkResult> out = new TreeMap<>();
        for (BenchmarkResult r : rs) {
            if (r.shortName().equals(shortName) && r.param(param) != null && r.param(param).matches("\\d+")) {
                out.putIfAbsent(Integer.parseInt(r.param(param)), r);
            }
        }
        return out;
    }
}
