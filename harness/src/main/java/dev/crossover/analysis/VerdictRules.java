package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.results.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One rule per claim C1–C16 of CLAIMS.md: which results of the classes serving it (via {@code
 * @Serves}) decide it, and how. Two scores differ only when their JMH intervals (score ± error) do
 * not overlap; otherwise the comparison is a tie and, if nothing else decides, the verdict is
 * inconclusive with the run that would settle it.
 */
public final class VerdictRules {

    private VerdictRules() {
    }

    private static final Map<String, Function<Analysis.Context, Verdict>> RULES = new LinkedHashMap<>();

    static {
        RULES.put("C1", VerdictRules::c1);
        RULES.put("C2", VerdictRules::c2);
        RULES.put("C3", VerdictRules::c3);
        RULES.put("C4", VerdictRules::c4);
        RULES.put("C5", VerdictRules::c5);
        RULES.put("C6", VerdictRules::c6);
        RULES.put("C7", VerdictRules::c7);
        RULES.put("C8", VerdictRules::c8);
        RULES.put("C9", VerdictRules::c9);
        RULES.put("C10", VerdictRules::c10);
        RULES.put("C11", VerdictRules::c11);
        RULES.put("C12", VerdictRules::c12);
        RULES.put("C13", VerdictRules::c13);
        RULES.put("C14", VerdictRules::c14);
        RULES.put("C15", VerdictRules::c15);
        RULES.put("C16", VerdictRules::c16);
    }

    /** The claim IDs that have a rule. */
    public static Set<String> ids() {
        return RULES.keySet();
    }

    static Verdict judge(String id, Analysis.Context ctx) {
        Function<Analysis.Context, Verdict> rule = RULES.get(id);
        if (rule == null) {
            return verdict(ctx, id, VerdictKind.INCONCLUSIVE, null, "no rule judges " + id + " yet (see VerdictRules)",
                    null, "a harness with a rule for " + id, List.of());
        }
        return rule.apply(ctx);
    }

    // ---- building blocks -------------------------------------------------------------------

    private enum Out { AGREES, CONTRADICTS, TIE }

    /** One comparison: does {@code better} beat {@code worse} as the claim expects? */
    private record Cmp(String where, Evidence better, Evidence worse, Out out) {
        static Cmp of(String where, Evidence better, Evidence worse) {
            int s = better.significantlyBetterThan(worse);
            return new Cmp(where, better, worse, s > 0 ? Out.AGREES : s < 0 ? Out.CONTRADICTS : Out.TIE);
        }

        String text() {
            double adv = better.advantageOver(worse);
            // beyond a factor of two a ratio reads better than a percentage (×450, not +45000%)
            String size = adv >= 2 || adv <= 0.5 ? Fmt.times(adv) : Fmt.pct(adv);
            String rel = adv >= 1 ? size + " better" : size + " (worse)";
            String tie = !better.errorKnown() || !worse.errorKnown() ? ", score errors unknown: no verdict" : ", within error";
            // a rule may count a tie as agreeing (C8: a larger pool that brings nothing measurable); say it was a tie
            String tieAgrees = out == Out.AGREES && better.significantlyBetterThan(worse) == 0 ? ", within error: a tie, which agrees" : "";
            return where + ": " + better.scoreText() + " vs " + worse.scoreText() + " → " + rel + (out == Out.TIE ? tie : tieAgrees);
        }
    }

    private static Verdict verdict(Analysis.Context ctx, String id, VerdictKind kind, String dependsOn, String reason,
                                   String jvmNote, String settleBy, List<Evidence> evidence) {
        String settle = settleBy;
        if (kind == VerdictKind.INCONCLUSIVE && settle == null) {
            settle = "mvn verify -Pbench -Dbench.preset=full -Dbench.claims=" + id + " (3 forks narrow the errors)";
        }
        return new Verdict(id, ctx.catalog.text(id), kind, kind == VerdictKind.DEPENDS ? dependsOn : null, reason,
                jvmNote, kind == VerdictKind.INCONCLUSIVE ? settle : null, evidence, servedBy(ctx, id, evidence));
    }

    /** The classes serving {@code id}, plus those whose results a rule borrowed from another claim's experiment. */
    private static List<String> servedBy(Analysis.Context ctx, String id, List<Evidence> evidence) {
        TreeSet<String> out = new TreeSet<>(ctx.servedBy(id));
        for (Evidence e : evidence) {
            String bench = e.key().contains(" [") ? e.key().substring(0, e.key().indexOf(" [")) : e.key();
            String[] parts = bench.split("\\.");
            if (parts.length >= 2) {
                out.add(parts[parts.length - 2]);
            }
        }
        return new ArrayList<>(out);
    }

    private static Verdict noData(Analysis.Context ctx, String id, String needs, String jvmNote) {
        return verdict(ctx, id, VerdictKind.INCONCLUSIVE, null, "not measured in this run: needs " + needs
                        + (ctx.servedBy(id).isEmpty() ? "; no class in the run serves " + id : ""),
                jvmNote, "mvn verify -Pbench -Dbench.claims=" + id, List.of());
    }

    /** holds / fails / depends (on dimension) / inconclusive from a list of comparisons. */
    private static Verdict aggregate(Analysis.Context ctx, String id, List<Cmp> cmps, String dimension, String lead,
                                     String jvmNote, List<Evidence> extra) {
        long agree = cmps.stream().filter(c -> c.out == Out.AGREES).count();
        long contra = cmps.stream().filter(c -> c.out == Out.CONTRADICTS).count();
        VerdictKind k = agree > 0 && contra > 0 ? VerdictKind.DEPENDS
                : agree > 0 ? VerdictKind.HOLDS : contra > 0 ? VerdictKind.FAILS : VerdictKind.INCONCLUSIVE;
        StringBuilder reason = new StringBuilder(lead);
        for (Cmp c : cmps) {
            reason.append("\n- ").append(c.text());
        }
        if (k == VerdictKind.HOLDS && agree < cmps.size()) {
            reason.append("\n(").append(cmps.size() - agree).append(" of ").append(cmps.size()).append(" comparisons are within error; none contradicts)");
        }
        if (k == VerdictKind.FAILS && contra < cmps.size()) {
            reason.append("\n(").append(cmps.size() - contra).append(" of ").append(cmps.size()).append(" comparisons are within error; none agrees)");
        }
        List<Evidence> ev = new ArrayList<>();
        for (Cmp c : cmps) {
            ev.add(c.better);
            ev.add(c.worse);
        }
        ev.addAll(extra);
        return verdict(ctx, id, k, dimension, reason.toString(), jvmNote, null, dedupe(ev));
    }

    private static List<Evidence> dedupe(List<Evidence> ev) {
        Map<String, Evidence> m = new LinkedHashMap<>();
        ev.forEach(e -> m.putIfAbsent(e.key(), e));
        return new ArrayList<>(m.values());
    }

    private static BenchmarkResult one(List<BenchmarkResult> rs, String shortName, String mode, String... kv) {
        return Analysis.Context.one(rs, shortName, mode, kv);
    }

    private static List<BenchmarkResult> pick(List<BenchmarkResult> rs, String shortName, String mode) {
        return Analysis.Context.pick(rs, shortName, mode, r -> true);
    }

    /** The distinct values of a param among results, numerically sorted where they are numbers. */
    private static List<String> values(Analysis.Context ctx, List<BenchmarkResult> rs, String param) {
        TreeSet<String> set = new TreeSet<>((a, b) -> {
            Double x = ctx.sizes.numeric(a);
            Double y = ctx.sizes.numeric(b);
            return x != null && y != null ? Double.compare(x, y) != 0 ? Double.compare(x, y) : a.compareTo(b) : a.compareTo(b);
        });
        rs.forEach(r -> {
            if (r.param(param) != null) {
                set.add(r.param(param));
            }
        });
        return new ArrayList<>(set);
    }

    private static String roundTripLine(List<BenchmarkResult> rs, String method, BenchmarkResult floor) {
        BenchmarkResult r = one(rs, "RoundTripBench." + method, "avgt");
        if (r == null) {
            return null;
        }
        return method + " " + Evidence.of(r).scoreText() + (floor == null || r == floor ? ""
                : " (" + Fmt.times(r.primary().score() / floor.primary().score()) + " the in-process platformHandoff)");
    }

    /** ", p50 1.2, p99 3.4, p99.9 5.6 ms/op" from a sample-mode result's percentiles; empty when it has none. */
    static String percentiles(BenchmarkResult r) {
        StringBuilder b = new StringBuilder();
        for (String q : List.of("50.0", "99.0", "99.9")) {
            Double v = r.primary().percentiles().get(q);
            if (v != null) {
                b.append(", p").append(q.replace(".0", "")).append(' ').append(Fmt.num(v));
            }
        }
        return b.isEmpty() ? "" : b.append(' ').append(r.primary().unit()).toString();
    }

    // ---- the rules -------------------------------------------------------------------------

    private static Verdict c1(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C1");
        String note = "True on the JVM as in Python: each child JVM has its own heap, so objects never cross; "
                + "even 'shared' memory is a file both map (FFM), read and written as bytes: a channel, not shared objects.";
        BenchmarkResult floor = one(rs, "RoundTripBench.platformHandoff", "avgt");
        List<String> lines = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (String m : List.of("platformHandoff", "pipeFramed", "pipeRaw", "shmSpin", "shmPool")) {
            String line = roundTripLine(rs, m, floor);
            if (line != null) {
                lines.add(line);
                ev.add(Evidence.of(one(rs, "RoundTripBench." + m, "avgt")));
            }
        }
        for (String m : List.of("pipe", "queue", "ring")) {
            for (BenchmarkResult r : pick(rs, "TransportThroughputBench." + m, "thrpt")) {
                lines.add("TransportThroughputBench." + m + " payload " + r.param(ParamNames.PAYLOAD) + " B: " + Evidence.of(r).scoreText());
                ev.add(Evidence.of(r));
            }
        }
        boolean crossProcess = ev.stream().anyMatch(e -> !e.key().contains("platformHandoff"));
        if (!crossProcess) {
            return noData(ctx, "C1", "RoundTripBench (pipeFramed, shmSpin) or TransportThroughputBench", note);
        }
        return verdict(ctx, "C1", VerdictKind.HOLDS, null,
                "Every cross-process exchange in this run went through a pipe, a queue over a pipe or a shared-memory ring; what each costs:\n- "
                        + String.join("\n- ", lines), note, null, ev);
    }

    private static Verdict c2(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C2");
        List<Cmp> cmps = new ArrayList<>();
        for (BenchmarkResult pipe : pick(rs, "TransportThroughputBench.pipe", "thrpt")) {
            BenchmarkResult q = one(rs, "TransportThroughputBench.queue", "thrpt", ParamNames.PAYLOAD, pipe.param(ParamNames.PAYLOAD));
            if (q != null) {
                cmps.add(Cmp.of("payload " + pipe.param(ParamNames.PAYLOAD) + " B, pipe vs queue", Evidence.of(pipe), Evidence.of(q)));
            }
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C2", "TransportThroughputBench.pipe and .queue at the same payloads", null);
        }
        return aggregate(ctx, "C2", cmps, "the payload size", "The raw framed pipe against the queue built on it (messages/s):", null, List.of());
    }

    private static Verdict c3(Analysis.Context ctx) {
        List<BenchmarkResult> rs = pick(ctx.served("C3"), "LockBench.monitor", null);
        List<BenchmarkResult> all = ctx.served("C3").stream().filter(r -> r.className().equals("LockBench")).toList();
        if (all.isEmpty()) {
            return noData(ctx, "C3", "LockBench (monitor, reentrantLock, semaphore, shmLock, fileLock)", null);
        }
        List<String> contenders = values(ctx, all, ParamNames.CONTENDERS);
        String top = contenders.isEmpty() ? null : contenders.getLast();
        List<String> lines = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        BenchmarkResult best = null;
        for (BenchmarkResult r : all) {
            if (top == null || top.equals(r.param(ParamNames.CONTENDERS))) {
                lines.add(r.methodName() + ": " + Evidence.of(r).scoreText());
                ev.add(Evidence.of(r));
                if (best == null || Evidence.of(r).advantageOver(Evidence.of(best)) > 1) {
                    best = r;
                }
            }
        }
        BenchmarkResult monitor = rs.stream().filter(r -> top == null || top.equals(r.param(ParamNames.CONTENDERS))).findFirst().orElse(null);
        BenchmarkResult shm = one(all, "LockBench.shmLock", null, ParamNames.CONTENDERS, top == null ? "" : top);
        String price = monitor != null && shm != null
                ? " The cross-process lock costs " + Fmt.times(Evidence.of(monitor).advantageOver(Evidence.of(shm))) + " the monitor's time per acquisition."
                : "";
        return verdict(ctx, "C3", VerdictKind.HOLDS, null,
                "Every lock kind kept its guarded counter exact under contention (each benchmark checks its own count), "
                        + "so locks do solve it; they differ in price. At " + (top == null ? "the measured" : top) + " contenders:\n- "
                        + String.join("\n- ", lines) + "\nFastest under contention: " + best.methodName() + "." + price, null, null, ev);
    }

    private static Verdict c4(Analysis.Context ctx) {
        String note = "The JVM has no global interpreter lock: every Java thread (platform or virtual, once mounted) "
                + "runs interpreted and JIT-compiled code on its own core at the same time as the others; threads serialise "
                + "only where they share a lock or a contended cache line. The notes' premise is CPython's GIL, so on the JVM a "
                + "thread pool is the first choice for CPU-bound work too, and processes cost extra (serialisation, a second heap).";
        List<BenchmarkResult> rs = ctx.served("C4");
        List<BenchmarkResult> sweep = pick(rs, "CpuBoundBench.poolSweep", "thrpt");
        if (ctx.cores != null && ctx.cores == 1) {
            return verdict(ctx, "C4", VerdictKind.INCONCLUSIVE, null, "This run had one core: no parallelism can show.", note,
                    "a run on a machine (or cgroup) with at least 2 cores", List.of());
        }
        BenchmarkResult threadsAtCores = null;
        BenchmarkResult threadsAtOne = null;
        for (BenchmarkResult r : sweep) {
            if ("THREADS".equals(r.param(ParamNames.EXECUTOR))) {
                if (ctx.isCores(r.param(ParamNames.POOL_SIZE))) {
                    threadsAtCores = r;
                }
                if ("1".equals(r.param(ParamNames.POOL_SIZE))) {
                    threadsAtOne = r;
                }
            }
        }
        BenchmarkResult single = threadsAtCores == null ? null : one(rs, "CpuBoundBench.singleThread", "thrpt",
                ParamNames.TASK_UNITS, String.valueOf(threadsAtCores.param(ParamNames.TASK_UNITS)));
        BenchmarkResult base = single != null ? single : threadsAtOne;
        if (threadsAtCores == null || base == null) {
            return noData(ctx, "C4", "CpuBoundBench.poolSweep with THREADS at pool = cores and pool = 1 (or singleThread)", note);
        }
        List<Cmp> cmps = new ArrayList<>();
        // the claim: threads are no faster than one thread on CPU-bound work; "agrees" means one thread keeps up
        Cmp speed = Cmp.of("CPU-bound, THREADS pool = cores (" + ctx.cores + ") vs " + (single != null ? "singleThread" : "pool = 1"),
                Evidence.of(threadsAtCores), Evidence.of(base));
        double speedup = Evidence.of(threadsAtCores).advantageOver(Evidence.of(base));
        List<Evidence> ev = new ArrayList<>(List.of(speed.better(), speed.worse()));
        StringBuilder reason = new StringBuilder("CPU-bound speedup of the thread pool: " + Fmt.times(speedup)
                + (ctx.cores == null ? "" : " (ideal " + Fmt.times(ctx.cores) + ")") + "\n- " + speed.text());
        BenchmarkResult procAtCores = sweep.stream().filter(r -> "PROCESS_PIPE".equals(r.param(ParamNames.EXECUTOR))
                && ctx.isCores(r.param(ParamNames.POOL_SIZE))).findFirst().orElse(null);
        if (procAtCores != null) {
            Cmp tp = Cmp.of("THREADS vs PROCESS_PIPE at pool = cores", Evidence.of(threadsAtCores), Evidence.of(procAtCores));
            reason.append("\n- ").append(tp.text());
            ev.add(tp.worse());
        }
        // the I/O half of C4 is C13's experiment: read it from the classes serving either
        List<BenchmarkResult> io = pick(ctx.servedAny("C4", "C13"), "IoBoundBench.requests", "thrpt");
        if (!io.isEmpty()) {
            List<String> conc = values(ctx, io, ParamNames.CONCURRENCY);
            String top = conc.getLast();
            reason.append("\nI/O-bound half, at concurrency ").append(top).append(" (requests/s):");
            for (BenchmarkResult r : io) {
                if (top.equals(r.param(ParamNames.CONCURRENCY))) {
                    reason.append("\n- ").append(r.param(ParamNames.EXECUTOR)).append(": ").append(Evidence.of(r).scoreText());
                    ev.add(Evidence.of(r));
                }
            }
        }
        VerdictKind k = speed.out() == Out.AGREES ? VerdictKind.FAILS : speed.out() == Out.CONTRADICTS ? VerdictKind.HOLDS : VerdictKind.INCONCLUSIVE;
        if (k == VerdictKind.FAILS) {
            reason.insert(0, "On the JVM, threads are faster than one thread on CPU-bound work: the GIL half of the claim fails. ");
        } else if (k == VerdictKind.HOLDS) {
            reason.insert(0, "On this machine the thread pool was slower than one thread on CPU-bound work, which the JVM does not predict: look at the noise evidence (load, steal) before believing it. ");
        }
        return verdict(ctx, "C4", k, null, reason.toString(), note, null, ev);
    }

    private static Verdict c5(Analysis.Context ctx) {
        String note = "On the JVM an exception in a task does not kill its thread: the pool catches it and the caller gets it from "
                + "the future, so for exceptions threads are as robust as processes. What a thread pool cannot survive is the JVM "
                + "itself ending: System.exit, Runtime.halt, a fatal error, or an OutOfMemoryError that leaves the shared heap unusable; "
                + "a child process confines those to itself.";
        List<BenchmarkResult> rs = ctx.served("C5").stream().filter(r -> r.className().equals("FaultBench")).toList();
        if (rs.isEmpty()) {
            return noData(ctx, "C5", "FaultBench (taskException, workerKilled) and the fault tests' findings", note);
        }
        List<String> lines = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        boolean exceptionLostTasks = false;
        boolean killConfined = false;
        List<String> threadPoolLosses = new ArrayList<>();
        for (BenchmarkResult r : rs) {
            Evidence lost = Evidence.secondary(r, "tasksLost");
            Evidence done = Evidence.secondary(r, "tasksCompleted");
            ev.add(Evidence.of(r));
            if (lost != null) {
                ev.add(lost);
            }
            if (done != null) {
                ev.add(done);
            }
            String counts = (lost == null ? "" : ", tasks lost " + Fmt.num(lost.score())) + (done == null ? "" : ", completed " + Fmt.num(done.score()))
                    + (lost == null && done == null ? "" : " (per job)");
            String what = switch (r.methodName()) {
                case "taskException" -> "exception in one task, " + r.param(ParamNames.EXECUTOR) + ": every other result in after ";
                case "workerKilled" -> "worker process killed, " + r.param(ParamNames.EXECUTOR) + ": survivors done and a replacement answering after ";
                case "threadPoolHalt" -> "Runtime.halt in one task of a thread pool (a throw-away JVM): the JVM ended after ";
                case "threadPoolOom" -> "OutOfMemoryError in one task of a thread pool (a throw-away JVM): the JVM ended after ";
                default -> r.methodName() + " " + r.paramString() + ": ";
            };
            lines.add(what + Evidence.of(r).scoreText() + counts);
            if (r.methodName().equals("taskException") && lost != null && lost.score() > 0) {
                exceptionLostTasks = true;
            }
            if (r.methodName().equals("workerKilled") && done != null && done.score() > 0) {
                killConfined = true;
            }
            if (r.methodName().startsWith("threadPool") && lost != null && lost.score() > 0) {
                threadPoolLosses.add(r.methodName().equals("threadPoolHalt") ? "Runtime.halt" : "OutOfMemoryError");
            }
        }
        VerdictKind k = exceptionLostTasks ? VerdictKind.HOLDS : VerdictKind.DEPENDS;
        String reason = (k == VerdictKind.DEPENDS
                ? "A task's exception cost no other task in any executor; a killed worker process lost only the tasks it held"
                + (killConfined ? " while the rest completed" : "") + "."
                + (threadPoolLosses.isEmpty() ? "" : " In a thread pool, " + String.join(" and ", threadPoolLosses)
                + " in one task lost other tasks too: the whole JVM paid.")
                + " Process isolation matters for faults that end or poison a JVM, not for exceptions."
                : "A task's exception cost other tasks: isolation by processes paid here.") + "\n- " + String.join("\n- ", lines);
        return verdict(ctx, "C5", k, "the fault: an exception is contained by threads too; exit, halt and fatal errors only by processes",
                reason, note, null, ev);
    }

    private static Verdict c6(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C6");
        List<Cmp> cmps = new ArrayList<>();
        for (String t : List.of("platformHandoff", "virtualHandoff")) {
            BenchmarkResult tr = one(rs, "RoundTripBench." + t, "avgt");
            if (tr == null) {
                continue;
            }
            for (String p : List.of("pipeFramed", "shmSpin", "shmPool")) {
                BenchmarkResult pr = one(rs, "RoundTripBench." + p, "avgt");
                if (pr != null) {
                    cmps.add(Cmp.of(t + " vs " + p + " (round trip)", Evidence.of(tr), Evidence.of(pr)));
                }
            }
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C6", "RoundTripBench thread handoffs and process round trips (avgt)", null);
        }
        return aggregate(ctx, "C6", cmps, "the transport: a spinning shared-memory handoff never enters the OS scheduler, a pipe does",
                "Thread handoff against process round trip (time per round trip, lower is better):",
                "A thread handoff parks and unparks in one address space; a process round trip over a pipe adds two system calls "
                        + "and a wake-up of another process. Shared memory with busy-spinning sidesteps both, at the price of a spinning core.",
                List.of());
    }

    private static Verdict c7(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C7");
        List<BenchmarkResult> procs = pick(rs, "SharedStateBench.processesShared", "thrpt");
        if (procs.isEmpty()) {
            return noData(ctx, "C7", "SharedStateBench.processesShared (and threadsShared)", null);
        }
        List<String> lines = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (BenchmarkResult p : procs) {
            BenchmarkResult t = one(rs, "SharedStateBench.threadsShared", "thrpt", ParamNames.CONTENDERS, p.param(ParamNames.CONTENDERS));
            ev.add(Evidence.of(p));
            String line = "contenders " + p.param(ParamNames.CONTENDERS) + ": processesShared " + Evidence.of(p).scoreText();
            if (t != null) {
                ev.add(Evidence.of(t));
                line += ", threadsShared " + Evidence.of(t).scoreText() + " (threads " + Fmt.times(Evidence.of(t).advantageOver(Evidence.of(p))) + ")";
            }
            lines.add(line);
        }
        return verdict(ctx, "C7", VerdictKind.FAILS, null,
                "Child JVMs updated one counter in a shared mapped file with atomic operations and got exact totals (the benchmark checks them), "
                        + "so processes can share variables; it costs more than in-process atomics:\n- " + String.join("\n- ", lines),
                "On the JVM, memory mapped by several processes (FFM MemorySegment over /dev/shm) holds shared primitive values; "
                        + "objects cannot be shared, only bytes, so 'share variables' means flat numbers and arrays.", null, ev);
    }

    private static Verdict c8(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("C8", "CpuBoundBench.poolSweep", "thrpt", ParamNames.POOL_SIZE, ParamNames.EXECUTOR, r -> true);
        if (curves.isEmpty() || ctx.cores == null) {
            return noData(ctx, "C8", "CpuBoundBench.poolSweep and the run's core count (metadata.json cpuBudget.cores)", null);
        }
        List<Cmp> cmps = new ArrayList<>();
        List<Evidence> extra = new ArrayList<>();
        for (Curve c : curves.values()) {
            Point atCores = c.at(ctx.cores);
            Point peak = c.best();
            if (atCores == null) {
                continue;
            }
            // the claim expects no larger pool to beat pool = cores, and pool = cores to beat smaller ones
            for (Point p : c.points()) {
                if (p.x() == ctx.cores) {
                    continue;
                }
                Evidence ec = Evidence.of(atCores, c);
                Evidence ep = Evidence.of(p, c);
                if (p.x() > ctx.cores && ec.errorKnown() && ep.errorKnown() && ec.significantlyBetterThan(ep) >= 0) {
                    // at or above the core count a tie agrees with the claim: more workers bring nothing
                    cmps.add(new Cmp(c.label() + ": pool = cores (" + ctx.cores + ") vs pool = " + Fmt.num(p.x()), ec, ep, Out.AGREES));
                } else {
                    cmps.add(Cmp.of(c.label() + ": pool = cores (" + ctx.cores + ") vs pool = " + Fmt.num(p.x()), ec, ep));
                }
            }
            extra.add(Evidence.of(peak, c));
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C8", "CpuBoundBench.poolSweep including pool = cores", null);
        }
        if (cmps.stream().noneMatch(c -> c.better().significantlyBetterThan(c.worse()) != 0)) {
            // only ties: "no larger pool beats cores" then means only that the errors are wide, not that cores is best
            Verdict v = aggregate(ctx, "C8", cmps.stream().map(c -> new Cmp(c.where(), c.better(), c.worse(), Out.TIE)).toList(),
                    "the executor (see X1)", "Every pool size ties with pool = cores within the score errors, so this run cannot tell "
                            + "whether the core count is best (tasks/s):", null, extra);
            return v;
        }
        return aggregate(ctx, "C8", cmps, "the executor (see X1)",
                "Throughput at pool = cores against the other pool sizes, per executor (tasks/s); a larger pool that ties agrees:", null, extra);
    }

    /** The timeout QueueSemanticsBench gives get and put on an empty or full queue. */
    static final double C9_TIMEOUT_MS = 10;
    /** A timed-out call may return this much before its timeout (clock granularity), no more. */
    static final double C9_EARLY_MS = 0.5;
    /** A timed-out call may return this much after its timeout (scheduling on a loaded machine). */
    static final double C9_LATE_MS = 10;

    private static Verdict c9(Analysis.Context ctx) {
        String note = "Java's BlockingQueue already has these semantics in one JVM (put/take block, offer/poll time out); the "
                + "suite's process-safe queue brings them across JVMs, raising distinct exceptions for empty and full.";
        List<BenchmarkResult> rs = ctx.served("C9").stream().filter(r -> r.className().equals("QueueSemanticsBench")).toList();
        List<BenchmarkResult> timeouts = rs.stream().filter(r -> r.methodName().equals("emptyGetTimeout")
                || r.methodName().equals("fullPutTimeout")).toList();
        if (timeouts.isEmpty()) {
            return verdict(ctx, "C9", VerdictKind.INCONCLUSIVE, null, "not measured in this run: needs QueueSemanticsBench "
                            + "(emptyGetTimeout, fullPutTimeout; blockedGetWake). The queue's semantics tests in 'mvn verify' "
                            + "check the same behaviour functionally.", note,
                    "mvn verify -Pbench -Dbench.claims=C9", List.of());
        }
        List<String> lines = new ArrayList<>();
        List<String> early = new ArrayList<>();
        List<String> late = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (BenchmarkResult r : timeouts) {
            // the benchmark itself fails when the call returns without the Empty/Full exception, so a result means it was raised
            double ms = Units.toSecondsPerOp(r.primary().score(), r.primary().unit()) * 1e3;
            double min = r.primary().rawData().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).min().orElse(r.primary().score());
            double minMs = Units.toSecondsPerOp(min, r.primary().unit()) * 1e3;
            String where = r.methodName() + " (" + (r.param("queue") == null ? "queue" : r.param("queue")) + ")";
            ev.add(Evidence.of(r));
            lines.add(where + ": returned with the exception after " + Evidence.of(r).scoreText()
                    + (r.primary().iterationCount() > 1 ? ", earliest " + Fmt.num(minMs) + " ms" : "")
                    + " (timeout " + Fmt.num(C9_TIMEOUT_MS) + " ms)");
            if (minMs < C9_TIMEOUT_MS - C9_EARLY_MS) {
                early.add(where);
            } else if (ms > C9_TIMEOUT_MS + C9_LATE_MS) {
                late.add(where);
            }
        }
        for (BenchmarkResult r : rs) {
            if (r.methodName().equals("blockedGetWake")) {
                ev.add(Evidence.of(r));
                lines.add("blockedGetWake (" + (r.param("queue") == null ? "queue" : r.param("queue")) + "): a blocked get woke "
                        + Evidence.of(r).scoreText() + " after the put");
            }
        }
        String tolerance = "Tolerance: a timed-out call must not return more than " + Fmt.num(C9_EARLY_MS) + " ms before its "
                + Fmt.num(C9_TIMEOUT_MS) + " ms timeout, nor (on average) more than " + Fmt.num(C9_LATE_MS) + " ms after it.";
        String body = "\n- " + String.join("\n- ", lines) + "\n" + tolerance;
        if (!early.isEmpty()) {
            return verdict(ctx, "C9", VerdictKind.FAILS, null, "A timed get or put gave up before its timeout: "
                    + String.join(", ", early) + "." + body, note, null, ev);
        }
        if (!late.isEmpty()) {
            return verdict(ctx, "C9", VerdictKind.INCONCLUSIVE, null, "The calls blocked and raised Empty/Full, but "
                            + String.join(", ", late) + " came back later than the tolerance allows: the machine's load may be to blame."
                            + body, note, "QueueSemanticsBench on a quieter machine (see the noise evidence)", ev);
        }
        return verdict(ctx, "C9", VerdictKind.HOLDS, null, "get on an empty queue and put on a full one blocked for their timeout, "
                + "then raised Empty and Full (the benchmark fails on any other outcome)." + body, note, null, ev);
    }

    private static Verdict c10(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C10");
        List<BenchmarkResult> unlocked = pick(rs, "PipeTearBench.unlocked", null);
        if (unlocked.isEmpty()) {
            return noData(ctx, "C10", "PipeTearBench.unlocked and .locked with the tornFrames counter", null);
        }
        List<String> torn = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        boolean lockedTorn = false;
        for (BenchmarkResult r : unlocked) {
            Evidence t = Evidence.secondary(r, "tornFrames");
            if (t == null) {
                continue;
            }
            ev.add(t);
            String where = "payload " + r.param(ParamNames.PAYLOAD) + " B" + (r.param("writers") == null ? "" : ", " + r.param("writers") + " writers");
            (t.score() > 0 ? torn : clean).add(where);
            lines.add("unlocked, " + where + ": " + Fmt.num(t.score()) + " torn frames");
            BenchmarkResult l = one(rs, "PipeTearBench.locked", null, ParamNames.PAYLOAD, r.param(ParamNames.PAYLOAD));
            Evidence lt = l == null ? null : Evidence.secondary(l, "tornFrames");
            if (lt != null) {
                ev.add(lt);
                lines.add("locked, payload " + l.param(ParamNames.PAYLOAD) + " B: " + Fmt.num(lt.score()) + " torn frames");
                lockedTorn |= lt.score() > 0;
            }
        }
        if (ev.isEmpty()) {
            return noData(ctx, "C10", "PipeTearBench results with the secondary metric tornFrames (@AuxCounters)", null);
        }
        VerdictKind k = !torn.isEmpty() && !clean.isEmpty() ? VerdictKind.DEPENDS : !torn.isEmpty() ? VerdictKind.HOLDS : VerdictKind.FAILS;
        String reason = (k == VerdictKind.FAILS ? "No frame was torn at any size tested: writes of at most PIPE_BUF (4096 bytes) are atomic on Linux, and no larger frame was tested or none tore."
                : "Unlocked writers tore frames at " + String.join("; ", torn) + (clean.isEmpty() ? "" : "; none at " + String.join("; ", clean)) + ".")
                + (lockedTorn ? " A locked writer also tore frames: the lock does not cover the whole write — a defect to fix." : " With a lock: none torn.")
                + "\n- " + String.join("\n- ", lines);
        return verdict(ctx, "C10", k, "the frame size: POSIX makes a pipe write of at most PIPE_BUF (4096 bytes on Linux) atomic, larger ones may interleave",
                reason, null, null, ev);
    }

    private static Verdict c11(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C11");
        List<Cmp> cmps = new ArrayList<>();
        for (String kind : List.of("threads", "processes")) {
            for (BenchmarkResult shared : pick(rs, "SharedStateBench." + kind + "Shared", "thrpt")) {
                String n = shared.param(ParamNames.CONTENDERS);
                Double nv = ctx.sizes.numeric(n);
                if (nv != null && nv <= 1) {
                    continue; // one contender shares with nobody
                }
                BenchmarkResult part = one(rs, "SharedStateBench." + kind + "Partitioned", "thrpt", ParamNames.CONTENDERS, n);
                if (part != null) {
                    cmps.add(Cmp.of(kind + ", " + n + " contenders: partitioned vs shared", Evidence.of(part), Evidence.of(shared)));
                }
            }
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C11", "SharedStateBench shared and partitioned methods at more than one contender", null);
        }
        return aggregate(ctx, "C11", cmps, "the executor and contender count",
                "Per-worker partitions merged at the end against one contended shared counter (updates/s):",
                "Contended atomics bounce one cache line between cores; partitions keep each core on its own line, so the gap grows with contenders.",
                List.of());
    }

    private static Verdict c12(Analysis.Context ctx) {
        Map<String, Curve> curves = ctx.curves("C12", "PoolMapBench.map", "thrpt", ParamNames.CHUNK_SIZE, ParamNames.EXECUTOR, r -> true);
        List<Cmp> cmps = new ArrayList<>();
        for (Curve c : curves.values()) {
            if (!c.label().startsWith("PROCESS")) {
                continue;
            }
            Point first = c.points().getFirst();
            Point best = c.best();
            if (best != first) {
                cmps.add(Cmp.of(c.label() + ": chunk " + Fmt.num(best.x()) + " vs chunk " + Fmt.num(first.x()), Evidence.of(best, c), Evidence.of(first, c)));
            } else {
                cmps.add(new Cmp(c.label() + ": the smallest chunk " + Fmt.num(first.x()) + " was already the best", Evidence.of(best, c), Evidence.of(best, c), Out.CONTRADICTS));
            }
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C12", "PoolMapBench.map over a process executor at several chunk sizes", null);
        }
        CrossoverFinding x5 = ctx.crossovers.get("X5");
        return aggregate(ctx, "C12", cmps, "the executor", "map over a process pool: the best chunk size against one task per message (tasks/s)."
                        + (x5 == null ? "" : " X5: " + x5.summary()),
                "The JVM's counterpart: ProcessWorkers.map(kernel, args, chunkSize) blocks and keeps order, imap streams; batching "
                        + "amortises one pipe round trip over a chunk.", List.of());
    }

    private static Verdict c13(Analysis.Context ctx) {
        List<BenchmarkResult> io = pick(ctx.served("C13"), "IoBoundBench.requests", "thrpt");
        if (io.isEmpty()) {
            return noData(ctx, "C13", "IoBoundBench.requests (thrpt)", null);
        }
        String top = values(ctx, io, ParamNames.CONCURRENCY).getLast();
        Map<String, BenchmarkResult> at = new LinkedHashMap<>();
        io.stream().filter(r -> top.equals(r.param(ParamNames.CONCURRENCY))).forEach(r -> at.putIfAbsent(r.param(ParamNames.EXECUTOR), r));
        BenchmarkResult formula = at.get("FIXED_FORMULA") != null ? at.get("FIXED_FORMULA") : at.get("THREAD_PER_TASK");
        if (formula == null) {
            return noData(ctx, "C13", "IoBoundBench.requests with FIXED_FORMULA or THREAD_PER_TASK", null);
        }
        List<Cmp> cmps = new ArrayList<>();
        String fName = formula.param(ParamNames.EXECUTOR);
        if (at.containsKey("PROCESS")) {
            cmps.add(Cmp.of("concurrency " + top + ": " + fName + " vs PROCESS", Evidence.of(formula), Evidence.of(at.get("PROCESS"))));
        }
        Cmp vsCores = at.containsKey("FIXED_CORES")
                ? Cmp.of("concurrency " + top + ": " + fName + " vs FIXED_CORES", Evidence.of(formula), Evidence.of(at.get("FIXED_CORES"))) : null;
        List<Evidence> extra = new ArrayList<>();
        if (at.containsKey("VIRTUAL")) {
            extra.add(Evidence.of(at.get("VIRTUAL")));
        }
        if (vsCores != null) {
            cmps.add(vsCores);
        }
        // IoBoundBench.latency (sample mode): what one request waits under that load, the user's side of throughput
        List<BenchmarkResult> lat = pick(ctx.served("C13"), "IoBoundBench.latency", "sample");
        StringBuilder latText = new StringBuilder();
        if (!lat.isEmpty()) {
            String ltop = values(ctx, lat, ParamNames.CONCURRENCY).getLast();
            latText.append("\nLatency of one request at concurrency ").append(ltop).append(" (IoBoundBench.latency, sample mode):");
            for (BenchmarkResult r : lat) {
                if (ltop.equals(r.param(ParamNames.CONCURRENCY))) {
                    extra.add(Evidence.of(r));
                    latText.append("\n- ").append(r.param(ParamNames.EXECUTOR)).append(": mean ").append(Evidence.of(r).scoreText())
                            .append(percentiles(r));
                }
            }
            // latency decides too: many samples give it tight errors where a short throughput run has none
            BenchmarkResult lf = one(lat, "IoBoundBench.latency", "sample", ParamNames.EXECUTOR, fName, ParamNames.CONCURRENCY, ltop);
            BenchmarkResult lp = one(lat, "IoBoundBench.latency", "sample", ParamNames.EXECUTOR, "PROCESS", ParamNames.CONCURRENCY, ltop);
            if (lf != null && lp != null) {
                cmps.add(Cmp.of("latency at concurrency " + ltop + ": " + fName + " vs PROCESS", Evidence.of(lf), Evidence.of(lp)));
            }
        }
        Verdict v = aggregate(ctx, "C13", cmps, "the pool size", "Blocking requests at the highest concurrency measured (requests/s):"
                        + (at.containsKey("VIRTUAL") ? " (virtual threads for reference: " + Evidence.of(at.get("VIRTUAL")).scoreText() + ")" : ""),
                null, extra);
        if (!latText.isEmpty()) {
            v = new Verdict(v.id(), v.claim(), v.kind(), v.dependsOn(), v.reason() + latText, v.jvmNote(), v.settleBy(), v.evidence(), v.servedBy());
        }
        if (v.kind() == VerdictKind.HOLDS && vsCores != null && vsCores.out() == Out.AGREES) {
            // a thread pool suits I/O only when it is sized for the waiting, not for the cores
            return new Verdict(v.id(), v.claim(), VerdictKind.DEPENDS, "the pool size: sized by the blocking formula (or a thread per task) it suits; sized to the cores it does not",
                    v.reason(), v.jvmNote(), null, v.evidence(), v.servedBy());
        }
        return v;
    }

    private static Verdict c14(Analysis.Context ctx) {
        // the handoffs are C6's experiment (RoundTripBench); creation is C14's own (SpawnBench)
        List<BenchmarkResult> rs = ctx.servedAny("C14", "C6");
        List<Cmp> cmps = new ArrayList<>();
        BenchmarkResult vs = one(rs, "SpawnBench.virtualThread", null);
        BenchmarkResult ps = one(rs, "SpawnBench.platformThread", null);
        if (vs != null && ps != null) {
            cmps.add(Cmp.of("start until first answer: virtualThread vs platformThread", Evidence.of(vs), Evidence.of(ps)));
        }
        BenchmarkResult vh = one(rs, "RoundTripBench.virtualHandoff", "avgt");
        BenchmarkResult ph = one(rs, "RoundTripBench.platformHandoff", "avgt");
        if (vh != null && ph != null) {
            cmps.add(Cmp.of("handoff: virtualHandoff vs platformHandoff", Evidence.of(vh), Evidence.of(ph)));
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C14", "SpawnBench.virtualThread/platformThread or RoundTripBench virtual/platform handoffs", null);
        }
        CrossoverFinding x3 = ctx.crossovers.get("X3");
        return aggregate(ctx, "C14", cmps, "what is measured: creation, handoff or blocking I/O",
                "Virtual threads (scheduled by the JVM) against platform threads (scheduled by the OS)."
                        + (x3 == null ? "" : " X3: " + x3.summary()),
                "Virtual threads are the JVM's user-mode scheduling: the JVM mounts them on a few carrier threads and unmounts them "
                        + "at blocking calls, without async/await in the code; the OS still schedules the carriers.", List.of());
    }

    private static Verdict c15(Analysis.Context ctx) {
        List<BenchmarkResult> rs = ctx.served("C15");
        List<BenchmarkResult> reentry = pick(rs, "LockBench.reentrantReentry", null);
        if (reentry.isEmpty()) {
            return noData(ctx, "C15", "LockBench.reentrantReentry and .reentrantLock", null);
        }
        List<String> lines = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (BenchmarkResult r : reentry) {
            BenchmarkResult plain = one(rs, "LockBench.reentrantLock", r.mode(), ParamNames.CONTENDERS, String.valueOf(r.param(ParamNames.CONTENDERS)));
            ev.add(Evidence.of(r));
            String line = "contenders " + r.param(ParamNames.CONTENDERS) + ": reentry " + Evidence.of(r).scoreText();
            if (plain != null) {
                ev.add(Evidence.of(plain));
                line += " vs single acquisition " + Evidence.of(plain).scoreText() + " (" + Fmt.pct(Evidence.of(r).advantageOver(Evidence.of(plain))) + ")";
            }
            lines.add(line);
        }
        return verdict(ctx, "C15", VerdictKind.HOLDS, null,
                "A reentrant lock taken again by its holder nested and completed in every measured configuration; the price of reentry:\n- "
                        + String.join("\n- ", lines),
                "Java's synchronized monitor and ReentrantLock are reentrant (the notes' RLock); the non-reentrant Lock is a Semaphore(1), "
                        + "which blocks forever when its holder acquires it again (shown by a functional test with a timeout).", null, ev);
    }

    private static Verdict c16(Analysis.Context ctx) {
        List<BenchmarkResult> io = pick(ctx.served("C16"), "IoBoundBench.requests", "thrpt");
        List<BenchmarkResult> capped = io.stream().filter(r -> "VIRTUAL_CAPPED".equals(r.param(ParamNames.EXECUTOR))).toList();
        if (capped.isEmpty()) {
            return noData(ctx, "C16", "IoBoundBench.requests with VIRTUAL_CAPPED and VIRTUAL", null);
        }
        List<Cmp> cmps = new ArrayList<>();
        List<Evidence> extra = new ArrayList<>();
        String top = values(ctx, capped, ParamNames.CONCURRENCY).getLast();
        for (BenchmarkResult c : capped) {
            if (!top.equals(c.param(ParamNames.CONCURRENCY))) {
                continue;
            }
            BenchmarkResult free = one(io, "IoBoundBench.requests", "thrpt", ParamNames.EXECUTOR, "VIRTUAL",
                    ParamNames.CONCURRENCY, top, ParamNames.DELAY_MS, String.valueOf(c.param(ParamNames.DELAY_MS)));
            if (free != null) {
                // the cap "holds" when it bites: the uncapped version gets further
                cmps.add(Cmp.of("concurrency " + top + ": VIRTUAL (no cap) vs VIRTUAL_CAPPED", Evidence.of(free), Evidence.of(c)));
            }
            BenchmarkResult fixed = one(io, "IoBoundBench.requests", "thrpt", ParamNames.EXECUTOR, "FIXED_FORMULA",
                    ParamNames.CONCURRENCY, top, ParamNames.DELAY_MS, String.valueOf(c.param(ParamNames.DELAY_MS)));
            if (fixed != null) {
                extra.add(Evidence.of(fixed));
            }
        }
        if (cmps.isEmpty()) {
            return noData(ctx, "C16", "IoBoundBench.requests with VIRTUAL at the same concurrency as VIRTUAL_CAPPED", null);
        }
        String fixedText = extra.isEmpty() ? "" : " A fixed pool of the same size (FIXED_FORMULA) for comparison: " + extra.getFirst().scoreText() + ".";
        Verdict v = aggregate(ctx, "C16", cmps, "the concurrency against the cap",
                "A semaphore capping virtual threads limits throughput to cap ÷ delay, like a fixed pool of that size (requests/s)." + fixedText,
                "On the JVM, java.util.concurrent.Semaphore caps how many virtual threads proceed at once; unlike a pool it creates "
                        + "no threads up front, and waiting virtual threads cost a few hundred bytes each.", extra);
        if (v.kind() == VerdictKind.FAILS || v.kind() == VerdictKind.INCONCLUSIVE) {
            return new Verdict(v.id(), v.claim(), VerdictKind.INCONCLUSIVE, null, v.reason()
                    + "\nThe cap did not bite: the concurrency tested may not exceed the cap.", v.jvmNote(),
                    "a run with concurrency well above the cap (e.g. 10× cores × (1 + wait/compute))", v.evidence(), v.servedBy());
        }
        return v;
    }
}
