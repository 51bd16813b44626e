package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C21: {@code queue.Queue} has task_done/join and approximate qsize/empty/full; PriorityQueue serves the
 * smallest first and FIFO among equals; LifoQueue is a stack; deque is double-ended. Demonstrated: the
 * benchmarks fail unless every item arrives once (the throughput batches across processes end on the
 * shared queue's own join after every taskDone), so a result shows the mechanism; the order among equal
 * priorities is counted, as found, for the JVM's PriorityBlockingQueue and the process-safe queue. Beside
 * it, what each kind costs: handoff round trips and batch throughput, across processes against the
 * JVM's in-process queue of the same kind, on fork intervals (figures, not tests of the claim).
 */
public final class C21QueueKinds implements ClaimRule {

    static final List<String> KINDS = List.of("Fifo", "Lifo", "Priority", "Deque");
    static final BenchRef JVM_EQUAL = BenchRef.of("PriorityOrderBench", "jvmEqualPriorities");
    static final BenchRef SHM_EQUAL = BenchRef.of("PriorityOrderBench", "shmEqualPriorities");

    static BenchRef handoff(String side, String kind) {
        return BenchRef.of("QueueHandoffBench", side + kind);
    }

    static BenchRef throughput(String side, String kind) {
        return BenchRef.of("QueueThroughputBench", side + kind);
    }

    @Override
    public String id() {
        return "C21";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>();
        for (String k : KINDS) {
            out.add(handoff("jvm", k));
            out.add(handoff("shm", k));
            out.add(throughput("jvm", k));
            out.add(throughput("shm", k));
        }
        out.add(JVM_EQUAL);
        out.add(SHM_EQUAL);
        return out;
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> kindsShown = new ArrayList<>();
        for (String k : KINDS) {
            List<BenchmarkResult> handoffs = new ArrayList<>(in.all(handoff("jvm", k), "avgt"));
            handoffs.addAll(in.all(handoff("shm", k), "avgt"));
            List<String> takers = in.values(handoffs, ParamNames.TAKERS);
            for (String t : takers.isEmpty() ? java.util.Collections.<String>singletonList(null) : takers) {
                BenchRef jvmRef = t == null ? handoff("jvm", k) : handoff("jvm", k).with(ParamNames.TAKERS, t);
                BenchRef shmRef = t == null ? handoff("shm", k) : handoff("shm", k).with(ParamNames.TAKERS, t);
                BenchmarkResult jvm = in.one(jvmRef, "avgt");
                BenchmarkResult shm = in.one(shmRef, "avgt");
                if (jvm != null && shm != null) {
                    cmps.add(Comparison.of("handoff round trip, " + k.toUpperCase() + (t == null ? "" : ", " + t + " taker(s)")
                            + ": in-process JVM queue vs process-safe queue across JVMs", jvm, shm, Comparison.Expect.NONE, in.threshold()));
                }
            }
            if (takers.size() > 1) {
                for (String side : List.of("jvm", "shm")) {
                    BenchmarkResult few = in.one(handoff(side, k).with(ParamNames.TAKERS, takers.getFirst()), "avgt");
                    BenchmarkResult many = in.one(handoff(side, k).with(ParamNames.TAKERS, takers.getLast()), "avgt");
                    if (few != null && many != null) {
                        cmps.add(Comparison.of("handoff round trip, " + side + k + ": " + takers.getFirst() + " vs " + takers.getLast()
                                + " blocked takers", few, many, Comparison.Expect.NONE, in.threshold()));
                    }
                }
            }
            for (BenchmarkResult s : in.all(throughput("shm", k), "thrpt")) {
                String pairs = s.param(ParamNames.PAIRS);
                BenchmarkResult j = in.one(throughput("jvm", k).with(ParamNames.PAIRS, pairs), "thrpt");
                if (j != null) {
                    cmps.add(Comparison.of("throughput, " + k.toUpperCase() + ", " + pairs + " producer(s) and consumer(s): "
                            + "in-process JVM queue vs process-safe queue across JVMs", j, s, Comparison.Expect.NONE, in.threshold()));
                }
                if (!kindsShown.contains(k.toUpperCase())) {
                    kindsShown.add(k.toUpperCase());
                }
            }
        }
        for (BenchmarkResult s : in.all(throughput("shm", "Fifo"), "thrpt")) {
            String pairs = s.param(ParamNames.PAIRS);
            for (String k : KINDS.subList(1, KINDS.size())) {
                BenchmarkResult other = in.one(throughput("shm", k).with(ParamNames.PAIRS, pairs), "thrpt");
                if (other != null) {
                    cmps.add(Comparison.of("throughput across JVMs, " + pairs + " pair(s): FIFO vs " + k.toUpperCase(), s, other,
                            Comparison.Expect.NONE, in.threshold()));
                }
            }
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        BenchmarkResult jvmEq = in.one(JVM_EQUAL, "thrpt");
        BenchmarkResult shmEq = in.one(SHM_EQUAL, "thrpt");
        for (BenchmarkResult r : new BenchmarkResult[] {jvmEq, shmEq}) {
            if (r == null) {
                continue;
            }
            Evidence moved = Evidence.secondary(r, "outOfInsertionOrder");
            String who = r == jvmEq ? "PriorityBlockingQueue" : "ShmTaskQueue (PRIORITY)";
            if (moved != null) {
                figures.add(new Figure(who + ", 1000 equal priorities per operation: items out of insertion order", moved,
                        "; " + Fmt.num(r.primary().score()) + " items/s"));
                order.add(who + (moved.score() > 0 ? " broke first in, first out among equals" : " kept first in, first out among equals"));
            }
        }
        groups.put("order", order);
        groups.put("kinds", kindsShown);
        if (cmps.isEmpty() && figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "QueueHandoffBench, QueueThroughputBench or PriorityOrderBench; the joinable queue's "
                    + "tests in 'mvn verify' (ShmTaskQueueTest) check the semantics functionally" + in.unservedNote(), in.rerun());
        }
        // Every result exists only because its benchmark checked delivery (and, across processes, join after the last
        // taskDone): the mechanism is shown, not a property of the machine measured.
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, groups, null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM, java.util.concurrent has the kinds in one process (LinkedBlockingQueue, LinkedBlockingDeque as a stack "
                + "or deque, PriorityBlockingQueue) but no task_done/join; the suite's ShmTaskQueue brings all four kinds, with "
                + "taskDone/join, across JVMs. Its qsize/isEmpty/isFull read a shared count without the lock, so across processes "
                + "they are approximate, as Python's are. PriorityBlockingQueue promises no order among equal priorities, and a "
                + "Python heap of (priority, item) tuples orders equals by the item; FIFO among equals needs an insertion number "
                + "as tie-break, which ShmTaskQueue carries.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        List<String> order = d.group("order");
        String gist = "every item delivered once; join after the last task_done"
                + (order.isEmpty() ? "" : "; " + String.join("; ", order));
        String lead = "Every queue benchmark checks what it moves (the throughput batches across processes end on the shared "
                + "queue's own join, after every consumer's taskDone, and fail if an item is missing or left over), so these "
                + "results show the mechanism at work" + (d.group("kinds").isEmpty() ? "" : " for " + String.join(", ", d.group("kinds")))
                + ". The order among equal priorities is counted as found. The cost of each kind, in one JVM and across JVMs, is "
                + "given beside it (figures, not tests of the claim). ";
        return new Prose(gist, lead + Text.method(d) + Text.bullets(d), note, null);
    }
}
