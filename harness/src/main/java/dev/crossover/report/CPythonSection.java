package dev.crossover.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Point;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Fmt;
import dev.crossover.analysis.Verdict;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.stats.RatioInterval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The notes' claims in their own world: for each claim or crossover a CPython program serves, the CPython
 * figures beside the JVM's and one sentence on why they differ. CPython results are those the module
 * {@code crossover_cpython} wrote (JMH format, {@code jmhVersion} {@value #FORMAT}); the IDs each serves
 * come from the {@code claims} field it writes beside every result.
 */
public final class CPythonSection {

    /** The {@code jmhVersion} the CPython module writes. */
    public static final String FORMAT = dev.crossover.analysis.CPythonAdvisor.FORMAT;
    /** What {@code crossover run} wrote about the CPython group (see {@code CPythonGroup.STATUS_FILE}). */
    static final String STATUS_FILE = "cpython.json";

    /**
     * One line of the side-by-side table.
     *
     * @param id      claim or crossover ID
     * @param cpython the CPython figures
     * @param jvm     the JVM figures or verdict of this run
     * @param why     one sentence on why they differ (or agree)
     */
    public record Row(String id, String cpython, String jvm, String why) {
    }

    /**
     * The section's content.
     *
     * @param runtime     e.g. {@code CPython 3.11.7 (GIL enabled)}, or null when not measured
     * @param notMeasured why there is no CPython result (null when there are)
     * @param rows        one per ID served, in catalog order
     */
    public record Side(String runtime, String notMeasured, List<Row> rows) {
    }

    private CPythonSection() {
    }

    /** The CPython results of a run. */
    public static List<BenchmarkResult> cpythonResults(List<BenchmarkResult> all) {
        return all.stream().filter(r -> FORMAT.equals(r.jmhVersion())).toList();
    }

    /**
     * Appends the section to {@code d}, drawing its charts (X5 and X2 with CPython's curves) into {@code charts} and
     * adding them to {@code drawn}; nothing for a run with no CPython results and no word on CPython.
     */
    public static void append(Analysis a, ReportDoc d, Path charts, List<Path> drawn) throws IOException {
        append(a, d);
        for (ChartSpec spec : charts(a)) {
            Path png = charts.resolve(spec.file());
            Charts.draw(spec, png);
            drawn.add(png);
            d.image(spec.file(), spec.title());
        }
    }

    /**
     * The section's charts: X5 (tasks per second against chunk size: CPython's {@code Pool.map}, {@code imap} and
     * {@code ThreadPool} beside the JVM's pools of this run) and X2 (CPython's process and thread pools against the
     * task's CPU time); a chart needs two points on a curve.
     */
    static List<ChartSpec> charts(Analysis a) {
        List<BenchmarkResult> py = cpythonResults(a.data().results());
        List<ChartSpec> out = new ArrayList<>();
        if (py.isEmpty()) {
            return out;
        }
        List<Curve> x5 = new ArrayList<>();
        addCurve(x5, "CPython Pool.map", py, "PoolMap.map", "chunksize", 1);
        addCurve(x5, "CPython Pool.imap", py, "PoolMap.imap", "chunksize", 1);
        addCurve(x5, "CPython ThreadPool.map", py, "PoolMap.threadPool", "chunksize", 1);
        for (String ex : List.of("PROCESS_PIPE", "PROCESS_SHM", "THREADS")) {
            List<BenchmarkResult> jvm = a.data().results().stream().filter(r -> ex.equals(r.param("executor"))).toList();
            addCurve(x5, "JVM " + ex, jvm, "PoolMapBench.map", "chunkSize", 1);
        }
        if (x5.stream().anyMatch(c -> c.label().startsWith("CPython"))) {
            out.add(new ChartSpec("cpython-x5-chunksize.png", "X5 — map throughput against chunk size, CPython beside the JVM",
                    "chunk size (tasks per message)", "tasks/s (CPython: 10 LCG steps; JVM: 10 CPU units)", x5, List.of(), null, List.of()));
        }
        BenchmarkResult single = py.stream().filter(r -> r.shortName().equals("CpuBound.singleThread")).findFirst().orElse(null);
        if (single != null && single.param("taskIterations") != null) {
            double stepMicros = 1e6 / single.primary().score() / Double.parseDouble(single.param("taskIterations"));
            List<Curve> x2 = new ArrayList<>();
            addCurve(x2, "CPython Pool(cores).map (processes)", py, "TaskSize.processes", "taskIterations", stepMicros);
            addCurve(x2, "CPython ThreadPool(cores).map (threads)", py, "TaskSize.threads", "taskIterations", stepMicros);
            if (x2.size() == 2) {
                out.add(new ChartSpec("cpython-x2-task-size.png", "X2 in CPython — pools against the task's CPU time",
                        "task CPU time on one thread (µs)", "tasks/s", x2, List.of(), null, List.of()));
            }
        }
        return out;
    }

    private static void addCurve(List<Curve> into, String label, List<BenchmarkResult> rs, String shortName, String xParam, double xScale) {
        List<Point> pts = new ArrayList<>();
        for (Map.Entry<Integer, BenchmarkResult> e : byInt(rs, shortName, xParam).entrySet()) {
            Metric m = e.getValue().primary();
            pts.add(new Point(e.getKey() * xScale, m.score(), m.scoreError(), e.getValue().key()));
        }
        if (pts.size() >= 2) {
            into.add(new Curve(label, shortName, xParam, rs.isEmpty() ? "" : "ops/s", true, pts));
        }
    }

    /** Appends the section's text and table to {@code d} (no charts). */
    public static void append(Analysis a, ReportDoc d) {
        Side s = of(a);
        if (s == null) {
            return;
        }
        d.h(2, "CPython beside the JVM", "cpython");
        if (s.runtime() == null) {
            d.p("**CPython: not measured** (" + s.notMeasured() + "). The claims above are judged on the JVM only.");
            return;
        }
        d.p("The notes' own programs, run by **" + s.runtime() + "** in fresh interpreters (`jmh-cpython.json`, module "
                + "`crossover_cpython`), beside the JVM's figures of this run. Ratios are of geometric fork means with a 95% "
                + "interval over forks (`dev.crossover.stats.RatioInterval`); CPython's own numbers are under \"Every number\" "
                + "(`cpython.*`).");
        List<List<String>> rows = new ArrayList<>();
        for (Row r : s.rows()) {
            rows.add(List.of(r.id(), r.cpython(), r.jvm(), r.why()));
        }
        d.table(List.of("ID", "CPython", "JVM", "why they differ"), rows);
    }

    /** The section's data, or null when the run says nothing about CPython. */
    public static Side of(Analysis a) {
        List<BenchmarkResult> py = cpythonResults(a.data().results());
        Path runDir = a.data().runDir();
        if (py.isEmpty()) {
            String why = notMeasuredReason(runDir);
            return why == null ? null : new Side(null, why, List.of());
        }
        List<BenchmarkResult> jvm = a.data().results().stream().filter(r -> !FORMAT.equals(r.jmhVersion())).toList();
        Map<String, List<String>> claims = claims(py);
        TreeSet<String> ids = new TreeSet<>(ID_ORDER);
        claims.values().forEach(ids::addAll);
        Context c = new Context(a, py, jvm, cores(a, py));
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            List<BenchmarkResult> served = py.stream().filter(r -> claims.getOrDefault(r.benchmark(), List.of()).contains(id)).toList();
            rows.add(row(id, served, c));
        }
        BenchmarkResult first = py.getFirst();
        return new Side(first.vmName() + " " + first.vmVersion(), null, rows);
    }

    /** C1 … C25 then X1 … X7, by number. */
    static final Comparator<String> ID_ORDER = Comparator.comparing((String s) -> s.substring(0, 1))
            .thenComparingInt(s -> s.length() > 1 && s.substring(1).chars().allMatch(Character::isDigit) ? Integer.parseInt(s.substring(1)) : 0)
            .thenComparing(s -> s);

    private record Context(Analysis a, List<BenchmarkResult> py, List<BenchmarkResult> jvm, int cores) {
    }

    private static Row row(String id, List<BenchmarkResult> served, Context c) {
        Row specific = switch (id) {
            case "C4" -> c4(c);
            case "C6" -> c6(c);
            case "C12" -> c12(c);
            case "X5" -> x5(c);
            case "X2" -> x2(c);
            case "C2" -> c2(c);
            case "C13" -> c13(c);
            case "C21" -> c21(c);
            case "C1" -> c1(c);
            case "C3" -> c3(c);
            case "C7", "C11" -> sharing(c, id);
            case "C8", "X1" -> cpuScaling(c, id);
            case "C15" -> c15(c);
            case "C16", "C20" -> semaphore(c, id);
            case "C17", "C18" -> wakeups(c, id);
            case "C19" -> c19(c);
            case "C22", "X6" -> processStart(c, id);
            default -> null;
        };
        if (specific != null) {
            return specific;
        }
        List<String> figures = new ArrayList<>();
        for (BenchmarkResult r : served.stream().limit(6).toList()) {
            figures.add("`" + r.shortName() + (r.params().isEmpty() ? "" : " " + r.paramString()) + "` "
                    + Fmt.score(r.primary().score(), r.primary().scoreError(), r.primary().unit()));
        }
        if (served.size() > 6) {
            figures.add("… " + (served.size() - 6) + " more under Every number");
        }
        return new Row(id, String.join("; ", figures), jvmVerdict(c.a(), id),
                "This run lacks the CPython configurations this reading compares (a smoke run measures one of each, an "
                        + "--include may leave some out); a quick or full run of every CPython program gives them.");
    }

    private static Row c1(Context c) {
        BenchmarkResult thread = find(c.py(), "RoundTrip.threadQueue", Map.of());
        BenchmarkResult pipe = find(c.py(), "RoundTrip.processPipe", Map.of());
        BenchmarkResult queue = find(c.py(), "RoundTrip.processQueue", Map.of());
        if (thread == null || pipe == null || queue == null) {
            return null;
        }
        String py = "round trip between threads " + us(thread) + "; to a process over `Pipe` " + us(pipe) + ", over `Queue` " + us(queue);
        String why = "Holds in both: a process sees another's objects only through a channel or shared memory. CPython pickles "
                + "each message and crosses the kernel, costing " + times(ratio(pipe, thread)) + " the in-process round trip here; "
                + "the JVM frames bytes over the same kind of pipe (verdict beside).";
        return new Row("C1", py, jvmVerdict(c.a(), "C1"), why);
    }

    private static Row c3(Context c) {
        BenchmarkResult lock = highest(byInt(c.py(), "Lock.lock", "threads"));
        BenchmarkResult pl = lock == null ? null : find(c.py(), "Lock.processLock", Map.of("threads", lock.param("threads")));
        BenchmarkResult unlocked = find(c.py(), "SharedState.valueUnlocked", Map.of());
        if (lock == null) {
            return null;
        }
        Metric lost = unlocked == null ? null : unlocked.secondary().get("lostUpdates");
        String py = "`Lock` among " + lock.param("threads") + " threads: " + Fmt.num(lock.primary().score()) + " acquisitions/s"
                + (pl == null ? "" : "; `multiprocessing.Lock`: " + Fmt.num(pl.primary().score()) + "/s")
                + (lost == null ? "" : "; an unlocked shared `Value` lost " + pct(lost.value()) + " of its increments");
        String why = "Holds in both: every locked counter ended exact (checked on each operation)"
                + (lost == null ? "" : ", while processes updating a `Value` without its lock lost " + pct(lost.value())
                + " of the increments: the GIL serialises bytecodes in one interpreter, not `+=` across processes")
                + "; what differs is the price of a lock, an interpreter call in CPython against a few atomic instructions on the JVM.";
        return new Row("C3", py, jvmVerdict(c.a(), "C3"), why);
    }

    private static Row sharing(Context c, String id) {
        BenchmarkResult locked = find(c.py(), "SharedState.valueLocked", Map.of());
        BenchmarkResult part = find(c.py(), "SharedState.arrayPartitioned", Map.of());
        BenchmarkResult unlocked = find(c.py(), "SharedState.valueUnlocked", Map.of());
        if (locked == null || part == null) {
            return null;
        }
        RatioInterval r = ratio(part, locked);
        Metric lost = unlocked == null ? null : unlocked.secondary().get("lostUpdates");
        String py = locked.param("workers") + " processes: locked `Value` " + Fmt.num(locked.primary().score()) + " increments/s, "
                + "own slots of an `Array` " + Fmt.num(part.primary().score()) + "/s (" + times(r) + ")"
                + (lost == null ? "" : "; unlocked `Value` lost " + pct(lost.value()));
        String why = id.equals("C7")
                ? "Fails as stated in CPython too: processes do share variables through `Value`/`Array` in shared memory; "
                + "sharing is possible but costs a lock per update (" + times(r) + " slower than partitioned here)."
                : "Holds in CPython: the shared counter needs its lock to stay exact and the lock makes it " + times(r)
                + " slower than partitioning the work and summing at the end.";
        return new Row(id, py, jvmVerdict(c.a(), id), why);
    }

    private static Row cpuScaling(Context c, String id) {
        Map<Integer, BenchmarkResult> procs = byInt(c.py(), "CpuBound.processes", "workers");
        Map<Integer, BenchmarkResult> threads = byInt(c.py(), "CpuBound.threads", "workers");
        if (procs.size() < 2) {
            return null;
        }
        double peak = procs.values().stream().mapToDouble(r -> r.primary().score()).max().orElseThrow();
        int knee = procs.entrySet().stream().filter(e -> e.getValue().primary().score() >= 0.95 * peak).mapToInt(Map.Entry::getKey).min().orElseThrow();
        List<String> p = new ArrayList<>();
        procs.forEach((k, r) -> p.add(k + ": " + Fmt.num(r.primary().score())));
        List<String> t = new ArrayList<>();
        threads.forEach((k, r) -> t.add(k + ": " + Fmt.num(r.primary().score())));
        String py = "tasks/s by workers, processes " + String.join(", ", p) + (t.isEmpty() ? "" : "; threads " + String.join(", ", t))
                + "; processes reach 95% of their peak at " + knee;
        BenchmarkResult p1 = procs.get(1);
        BenchmarkResult pc = procs.get(c.cores());
        RatioInterval gain = p1 == null || pc == null ? null : ratio(pc, p1);
        String why = (gain == null || !gain.known() || gain.low() < 1
                ? "Inconclusive in CPython in this run: processes at " + c.cores() + " workers against 1: " + (gain == null ? "not measured" : times(gain))
                : knee <= c.cores() ? "Holds in CPython: processes at " + c.cores() + " workers reach " + times(gain) + " of one, and 95% of their peak by "
                + knee + " workers on " + c.cores() + " cores"
                : "In CPython processes keep gaining past the core count (" + knee + " workers on " + c.cores() + " cores)")
                + ", while threads stay near one core's throughput at every count because of the GIL; on the JVM threads scale like processes.";
        return new Row(id, py, id.equals("X1") ? jvmVerdict(c.a(), "X1") : jvmVerdict(c.a(), "C8"), why);
    }

    private static Row c15(Context c) {
        BenchmarkResult once = lowest(byInt(c.py(), "Lock.rlock", "threads"));
        BenchmarkResult twice = once == null ? null : find(c.py(), "Lock.rlockReentry", Map.of("threads", once.param("threads")));
        if (once == null || twice == null) {
            return null;
        }
        RatioInterval r = ratio(twice, once);
        String py = "`RLock` once " + Fmt.num(once.primary().score()) + "/s, nested twice " + Fmt.num(twice.primary().score())
                + "/s (" + times(r) + ") at " + once.param("threads") + " thread(s); `Lock` taken twice blocks, `RLock` nests (checked)";
        String why = "Holds in both: the semantics are checked before any figure is taken; a nested `RLock` costs a second "
                + "interpreter call in CPython, a hold-count increment on the JVM.";
        return new Row("C15", py, jvmVerdict(c.a(), "C15"), why);
    }

    private static Row semaphore(Context c, String id) {
        BenchmarkResult s = highest(byInt(c.py(), "Lock.boundedSemaphore", "threads"));
        if (s == null) {
            return null;
        }
        String py = "`BoundedSemaphore(5)` among " + s.param("threads") + " threads: " + Fmt.num(s.primary().score())
                + " acquire/release per second; never more than 5 holders, a sixth acquire times out, over-release raises `ValueError` (checked)";
        String why = "Holds in both as a cap; CPython's semaphore is written in Python over a `Condition`, so each acquire costs "
                + "several interpreter calls where the JVM's `Semaphore` is one compare-and-set when uncontended.";
        return new Row(id, py, jvmVerdict(c.a(), id), why);
    }

    private static Row wakeups(Context c, String id) {
        Map<Integer, BenchmarkResult> cond = byInt(c.py(), "Wakeup.condition", "waiters");
        Map<Integer, BenchmarkResult> ev = byInt(c.py(), "Wakeup.event", "waiters");
        BenchmarkResult proc = find(c.py(), "Wakeup.processEvent", Map.of());
        Map<Integer, BenchmarkResult> main = id.equals("C17") ? cond : ev;
        if (main.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        main.forEach((k, r) -> parts.add(k + " waiter(s): " + us(r)));
        String py = (id.equals("C17") ? "`Condition.notify_all` to the last waiter running: " : "`Event.set` to the last waiter running: ")
                + String.join(", ", parts) + (id.equals("C18") && proc != null ? "; a child process on `multiprocessing.Event`: " + us(proc) : "");
        String why = "Holds in both as semantics (every waiter woke, counted); in CPython each woken thread must also take the GIL "
                + "before it runs, so waking N waiters is paid one after another, while the JVM's woken threads run in parallel.";
        return new Row(id, py, jvmVerdict(c.a(), id), why);
    }

    private static Row c19(Context c) {
        Map<Integer, BenchmarkResult> t = byInt(c.py(), "Timer.lateness", "delayMs");
        if (t.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        t.forEach((k, r) -> parts.add(k + " ms: " + us(r) + " late"));
        String py = "`threading.Timer` lateness (from `start()` to the function running, beyond the delay): " + String.join(", ", parts);
        String why = "Holds in both: a timer runs its function no earlier than asked; CPython's `Timer` starts a new thread and "
                + "waits on a lock with a timeout, so its lateness adds a thread start and a GIL handoff to the OS's timer slack.";
        return new Row("C19", py, jvmVerdict(c.a(), "C19"), why);
    }

    private static Row processStart(Context c, String id) {
        List<String> parts = new ArrayList<>();
        for (BenchmarkResult r : c.py()) {
            if (r.shortName().equals("ProcessStart.process")) {
                parts.add("`" + r.param("method") + "` " + us(r));
            }
        }
        BenchmarkResult pool = find(c.py(), "ProcessStart.pool", Map.of());
        if (parts.isEmpty() && pool == null) {
            return null;
        }
        String py = (parts.isEmpty() ? "" : "`Process` start and join: " + String.join(", ", parts))
                + (pool == null ? "" : (parts.isEmpty() ? "" : "; ") + "`Pool(" + pool.param("workers") + ")` start, map, close and join: " + us(pool));
        String why = id.equals("X6")
                ? "A CPython job must outweigh these start costs before a process pool pays; `fork` copies the parent's page tables, "
                + "`spawn` starts a fresh interpreter and imports the module, as a child JVM starts a fresh JVM (crossover beside)."
                : "Holds in both: `join` returns once the child has ended and `exitcode` gives its status (checked against the code "
                + "each child exits with); the start method sets the price.";
        return new Row(id, py, jvmVerdict(c.a(), id), why);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, share < 0.1 ? "%.1f%%" : "%.0f%%", share * 100);
    }

    private static BenchmarkResult highest(Map<Integer, BenchmarkResult> m) {
        BenchmarkResult last = null;
        for (BenchmarkResult r : m.values()) {
            last = r;
        }
        return last;
    }

    // --- claims with a reading of their own ---------------------------------------------------------

    private static Row c4(Context c) {
        BenchmarkResult one = find(c.py(), "CpuBound.singleThread", Map.of());
        BenchmarkResult threads = find(c.py(), "CpuBound.threads", Map.of("workers", String.valueOf(c.cores())));
        BenchmarkResult procs = find(c.py(), "CpuBound.processes", Map.of("workers", String.valueOf(c.cores())));
        BenchmarkResult j1 = find(c.jvm(), "CpuBoundBench.poolSweep", Map.of("executor", "THREADS", "poolSize", "1"));
        BenchmarkResult jc = find(c.jvm(), "CpuBoundBench.poolSweep", Map.of("executor", "THREADS", "poolSize", String.valueOf(c.cores())));
        if (one == null || threads == null) {
            return null;
        }
        RatioInterval t = ratio(threads, one);
        RatioInterval p = procs == null ? null : ratio(procs, one);
        RatioInterval j = j1 == null || jc == null ? null : ratio(jc, j1);
        String py = "threads at " + c.cores() + " workers: " + times(t) + " one thread" + (p == null ? "" : "; processes: " + times(p));
        String jv = j == null ? jvmVerdict(c.a(), "C4") : "platform threads at " + c.cores() + ": " + times(j) + " one thread ("
                + jvmVerdict(c.a(), "C4") + ")";
        RatioInterval pt = p == null ? null : ratio(procs, threads);
        String reading;
        if (t.known() && t.low() > 1.25) {
            reading = "Does not hold in CPython here";
        } else if (t.known() && t.high() < 1.25 && (pt == null || (pt.known() && pt.low() > 1))) {
            reading = "Holds in CPython with the GIL";
        } else {
            reading = "Inconclusive in CPython in this run (the fork intervals overlap; a quieter machine or the full preset settles it)";
        }
        String why = reading
                + ": only the thread holding the GIL runs Python code, so " + c.cores() + " threads reach " + times(t)
                + " of one thread" + (p == null ? "" : ", while processes, one interpreter and one GIL each, reach " + times(p))
                + (j == null ? "." : "; the JVM has no GIL and its threads run in parallel: " + times(j) + ".");
        return new Row("C4", py, jv, why);
    }

    private static Row c6(Context c) {
        BenchmarkResult thread = find(c.py(), "RoundTrip.threadQueue", Map.of());
        BenchmarkResult pipe = find(c.py(), "RoundTrip.processPipe", Map.of());
        BenchmarkResult queue = find(c.py(), "RoundTrip.processQueue", Map.of());
        if (thread == null || pipe == null) {
            return null;
        }
        BenchmarkResult jt = find(c.jvm(), "RoundTripBench.platformHandoff", Map.of(), "avgt");
        BenchmarkResult jp = find(c.jvm(), "RoundTripBench.pipeFramed", Map.of(), "avgt");
        RatioInterval pt = ratio(pipe, thread);
        RatioInterval jr = jt == null || jp == null ? null : ratio(jp, jt);
        String py = "round trip: threads (`queue.Queue`) " + us(thread) + ", process over `Pipe` " + us(pipe)
                + (queue == null ? "" : ", over `multiprocessing.Queue` " + us(queue)) + "; pipe/thread " + times(pt);
        String jv = jr == null ? jvmVerdict(c.a(), "C6") : "platform threads " + us(jt) + ", child JVM over a pipe " + us(jp)
                + "; " + times(jr) + " (" + jvmVerdict(c.a(), "C6") + ")";
        String why = (pt.excludesOne() ? (pt.ratio() > 1 ? "Holds in CPython" : "Does not hold in CPython")
                : "Inconclusive in CPython in this run (the interval includes 1)") + ": a process round trip pickles the message and "
                + "wakes another process through the kernel both ways, a thread round trip passes a reference and the GIL, so it costs "
                + times(pt) + (jr == null ? "." : "; on the JVM, where a thread handoff is a park/unpark with no interpreter lock, " + times(jr) + ".");
        return new Row("C6", py, jv, why);
    }

    private static Row c12(Context c) {
        Map<Integer, BenchmarkResult> map = byInt(c.py(), "PoolMap.map", "chunksize");
        if (map.isEmpty()) {
            return null;
        }
        BenchmarkResult tp = lowest(byInt(c.py(), "PoolMap.threadPool", "chunksize"));
        BenchmarkResult imap = find(c.py(), "PoolMap.imap", Map.of("chunksize", String.valueOf(map.keySet().iterator().next())));
        List<String> costs = new ArrayList<>();
        map.forEach((k, r) -> costs.add(Fmt.micros(1e6 / r.primary().score()) + " at " + k));
        String py = "`Pool(" + c.cores() + ").map`, per trivial task: " + String.join(", ", costs)
                + (imap == null ? "" : "; `imap` at " + imap.param("chunksize") + ": " + Fmt.micros(1e6 / imap.primary().score()))
                + (tp == null ? "" : "; `ThreadPool` at " + tp.param("chunksize") + ": " + Fmt.micros(1e6 / tp.primary().score()));
        Map<Integer, BenchmarkResult> jmap = byInt(c.jvm().stream().filter(r -> "PROCESS_PIPE".equals(r.param("executor"))).toList(),
                "PoolMapBench.map", "chunkSize");
        String jv;
        if (jmap.isEmpty()) {
            jv = jvmVerdict(c.a(), "C12");
        } else {
            List<String> jc = new ArrayList<>();
            jmap.forEach((k, r) -> jc.add(Fmt.micros(1e6 / r.primary().score()) + " at " + k));
            jv = "child-JVM pool over pipes, per 10-unit task: " + String.join(", ", jc.subList(0, Math.min(3, jc.size())))
                    + (jc.size() > 3 ? " …" : "") + " (" + jvmVerdict(c.a(), "C12") + ")";
        }
        double first = 1e6 / map.values().iterator().next().primary().score();
        double best = map.values().stream().mapToDouble(r -> 1e6 / r.primary().score()).min().orElse(first);
        String why = "Holds in both: `chunksize` batches tasks per message. In CPython each message costs a pickle, a pipe write and a "
                + "wake-up of a worker process" + (map.size() < 2 ? "" : ", so batching cuts the cost per task " + Fmt.times(first / best)
                + " from the smallest to the best chunk size") + "; the JVM's per-message cost is a framed write to its child's pipe.";
        return new Row("C12", py, jv, why);
    }

    private static Row x5(Context c) {
        Map<Integer, BenchmarkResult> map = byInt(c.py(), "PoolMap.map", "chunksize");
        if (map.size() < 2) {
            return null;
        }
        double best = map.values().stream().mapToDouble(r -> r.primary().score()).max().orElseThrow();
        int within = map.entrySet().stream().filter(e -> e.getValue().primary().score() >= 0.95 * best).mapToInt(Map.Entry::getKey)
                .min().orElseThrow();
        int last = ((java.util.TreeMap<Integer, BenchmarkResult>) map).lastKey();
        String py = within == last
                ? "`Pool.map` comes within 5% of its best (" + Fmt.num(best) + " tasks/s) only at the grid's largest chunksize, " + last
                + ": the knee may lie beyond it (grid " + map.keySet() + ")"
                : "`Pool.map` within 5% of its best (" + Fmt.num(best) + " tasks/s) from chunksize " + within + " (grid " + map.keySet() + ")";
        CrossoverFinding f = c.a().crossovers().get("X5");
        String jv = f == null ? "not in this run" : f.summary();
        String why = "The chunk size where batching stops paying is where a message's fixed cost is small beside its tasks' work: "
                + "CPython's fixed cost (pickle, pipe, process wake-up) and its per-task cost (interpreting the task) both differ "
                + "from the JVM's, so the two knees need not fall at the same chunk size.";
        return new Row("X5", py, jv, why);
    }

    private static Row x2(Context c) {
        Map<Integer, BenchmarkResult> procs = byInt(c.py(), "TaskSize.processes", "taskIterations");
        Map<Integer, BenchmarkResult> threads = byInt(c.py(), "TaskSize.threads", "taskIterations");
        if (procs.isEmpty() || threads.isEmpty()) {
            return null;
        }
        List<String> ratios = new ArrayList<>();
        Integer at90 = null;
        for (Map.Entry<Integer, BenchmarkResult> e : procs.entrySet()) {
            BenchmarkResult t = threads.get(e.getKey());
            if (t == null) {
                continue;
            }
            RatioInterval r = ratio(e.getValue(), t);
            ratios.add(e.getKey() + ": " + times(r));
            if (at90 == null && r.ratio() >= 0.9) {
                at90 = e.getKey();
            }
        }
        String py = "processes/threads by LCG steps per task: " + String.join(", ", ratios);
        CrossoverFinding f = c.a().crossovers().get("X2");
        String jv = f == null ? "not in this run" : f.summary();
        String why = (at90 == null ? "In CPython a process pool does not reach 90% of a thread pool in the range measured"
                : "In CPython a process pool reaches 90% of a thread pool from " + at90 + " steps per task")
                + "; beyond that the GIL caps the threads at one core while the processes use all " + c.cores()
                + ", so the crossover in CPython is where processes overtake threads, not where they catch up.";
        return new Row("X2", py, jv, why);
    }

    private static Row c2(Context c) {
        BenchmarkResult pipe = lowest(byInt(c.py(), "Throughput.pipe", "payload"));
        BenchmarkResult queue = pipe == null ? null : find(c.py(), "Throughput.queue", Map.of("payload", pipe.param("payload")));
        if (pipe == null || queue == null) {
            return null;
        }
        RatioInterval r = ratio(pipe, queue);
        String py = pipe.param("payload") + "-byte messages: `Pipe` " + Fmt.num(pipe.primary().score()) + "/s, `Queue` "
                + Fmt.num(queue.primary().score()) + "/s; pipe/queue " + times(r);
        String why = "A `multiprocessing.Queue` is a pipe plus a feeder thread and a lock, so the pipe carries " + times(r)
                + " the queue's messages in CPython; the JVM's queue over a pipe adds its own framing and locks (verdict beside).";
        return new Row("C2", py, jvmVerdict(c.a(), "C2"), why);
    }

    private static Row c13(Context c) {
        Map<Integer, BenchmarkResult> pool = byInt(c.py(), "BlockingIo.threadPool", "workers");
        if (pool.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        double worst = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, BenchmarkResult> e : pool.entrySet()) {
            double delayS = Double.parseDouble(e.getValue().param("delayMs")) / 1000;
            double bound = e.getKey() / delayS;
            double share = e.getValue().primary().score() / bound;
            worst = Math.min(worst, share);
            parts.add(e.getKey() + " threads: " + Fmt.num(e.getValue().primary().score()) + " req/s (" + Math.round(share * 100)
                    + "% of " + Fmt.num(bound) + ")");
        }
        String py = "`ThreadPool(n).map` of blocking requests (" + pool.values().iterator().next().param("delayMs") + " ms each): "
                + String.join(", ", parts);
        String why = "Holds in CPython too: a thread blocked in a socket call releases the GIL, so threads overlap their waits and "
                + "reach " + Math.round(worst * 100) + "% or more of the Little's-law bound (threads / delay) where the GIL "
                + "allowed nothing on CPU-bound work; the JVM's threads overlap waits as well (verdict beside).";
        return new Row("C13", py, jvmVerdict(c.a(), "C13"), why);
    }

    private static Row c21(Context c) {
        BenchmarkResult equal = find(c.py(), "PriorityQueue.equalPriorities", Map.of());
        BenchmarkResult seq = find(c.py(), "PriorityQueue.withSequence", Map.of());
        if (equal == null) {
            return null;
        }
        Metric out = equal.secondary().get("outOfInsertionOrder");
        if (out == null) {
            return null;
        }
        double share = out.value();
        Metric seqOut = seq == null ? null : seq.secondary().get("outOfInsertionOrder");
        String py = "`(1, word)` tuples: " + Math.round(share * 100) + "% of equal-priority items left out of insertion order"
                + (seqOut == null ? "" : "; `(1, seq, word)`: " + Math.round(seqOut.value() * 100) + "%");
        String why = (share > 0 ? "Fails as written in CPython" : "Holds in CPython here")
                + ": `PriorityQueue` is a heap of tuples, so equal priorities are ordered by the next element, not by arrival; "
                + "a sequence number restores first in, first out. The JVM's `PriorityBlockingQueue` promises no order among equals either.";
        return new Row("C21", py, jvmVerdict(c.a(), "C21"), why);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String jvmVerdict(Analysis a, String id) {
        Verdict v = a.verdicts().get(id);
        if (v != null) {
            return "verdict: " + v.label();
        }
        CrossoverFinding f = a.crossovers().get(id);
        return f != null ? f.summary() : "no JVM verdict in this run";
    }

    private static String times(RatioInterval r) {
        return Fmt.num(r.ratio()) + "×" + (r.known() ? " [" + Fmt.num(r.low()) + ", " + Fmt.num(r.high()) + "]" : "");
    }

    private static String us(BenchmarkResult r) {
        return Fmt.micros(r.primary().score() * switch (r.primary().unit()) {
            case "ms/op" -> 1e3;
            case "ns/op" -> 1e-3;
            case "s/op" -> 1e6;
            default -> 1.0;
        });
    }

    private static RatioInterval ratio(BenchmarkResult a, BenchmarkResult b) {
        return RatioInterval.of(a.primary().forkMeans(), b.primary().forkMeans());
    }

    private static BenchmarkResult find(List<BenchmarkResult> rs, String shortName, Map<String, String> params) {
        return find(rs, shortName, params, null);
    }

    private static BenchmarkResult find(List<BenchmarkResult> rs, String shortName, Map<String, String> params, String mode) {
        for (BenchmarkResult r : rs) {
            if (r.shortName().equals(shortName) && (mode == null || r.mode().equals(mode))
                    && params.entrySet().stream().allMatch(e -> e.getValue().equals(r.param(e.getKey())))) {
                return r;
            }
        }
        return null;
    }

    /** Results of {@code shortName} by the integer value of {@code param}, ascending (the first of each value). */
    private static Map<Integer, BenchmarkResult> byInt(List<BenchmarkResult> rs, String shortName, String param) {
        Map<Integer, BenchmarkResult> out = new java.util.TreeMap<>();
        for (BenchmarkResult r : rs) {
            if (r.shortName().equals(shortName) && r.param(param) != null) {
                try {
                    out.putIfAbsent(Integer.parseInt(r.param(param)), r);
                } catch (NumberFormatException ignored) {
                    // a symbolic value the module did not resolve: not on this axis
                }
            }
        }
        return out;
    }

    private static BenchmarkResult lowest(Map<Integer, BenchmarkResult> m) {
        return m.isEmpty() ? null : m.values().iterator().next();
    }

    private static int cores(Analysis a, List<BenchmarkResult> py) {
        Integer c = a.metadata().cores();
        if (c != null) {
            return c;
        }
        return py.stream().map(r -> r.param("workers")).filter(w -> w != null && w.matches("\\d+")).mapToInt(Integer::parseInt)
                .filter(w -> w > 1).min().orElse(Runtime.getRuntime().availableProcessors());
    }

    /** The IDs each CPython benchmark serves, from the {@code claims} field of the files it was read from. */
    static Map<String, List<String>> claims(List<BenchmarkResult> py) {
        Map<String, List<String>> out = new HashMap<>();
        Map<String, Boolean> read = new LinkedHashMap<>();
        ObjectMapper m = new ObjectMapper();
        for (BenchmarkResult r : py) {
            if (r.source() == null || read.put(r.source(), true) != null) {
                continue;
            }
            try {
                for (JsonNode n : m.readTree(Path.of(r.source()).toFile())) {
                    List<String> ids = new ArrayList<>();
                    n.path("claims").forEach(x -> ids.add(x.asText().toUpperCase(Locale.ROOT)));
                    out.merge(n.path("benchmark").asText(), ids, (x, y) -> x);
                }
            } catch (IOException e) {
                // the file was read once already; if it cannot be read again its results serve no ID here
            }
        }
        return out;
    }

    /** Why the run measured no CPython, from its status file; null when the run says nothing about CPython. */
    static String notMeasuredReason(Path runDir) {
        Path f = runDir == null ? null : runDir.resolve(STATUS_FILE);
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(f.toFile());
            if (n.path("measured").asBoolean(false)) {
                return "the CPython group ran but left no results; see failures.json and run.log";
            }
            return n.path("why").asText("no reason recorded");
        } catch (IOException e) {
            return STATUS_FILE + " is unreadable: " + e.getMessage();
        }
    }
}
