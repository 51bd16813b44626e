package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Verdict;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.claims.VerdictKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The registry of claim rules: one per claim of the catalog, in catalog order. A claim without its own
 * rule class gets {@link NoBenchmarkYet}. The benchmarks module's contract test iterates {@link #all()}
 * and resolves every {@link ClaimRule#needs()} reference against JMH's BenchmarkList.
 */
public final class ClaimRules {

    private ClaimRules() {
    }

    private static final List<ClaimRule> RULES = List.of(new C1SeparateMemory(), new C2QueueOverPipe(), new C3Locks(), new C4Gil(),
            new C5FaultIsolation(), new C6SwitchCost(), new C7SharedVariables(), new C8PoolAtCores(), new C9QueueTimeouts(),
            new C10PipeTearing(), new C11SharedState(), new C12ProcessPoolMap(), new C13ThreadPoolIo(), new C14UserScheduling(),
            new C15Reentry(), new C16SemaphoreCap(), new C17ConditionWakeup(), new C18EventWakeup(), new C19TimerLateness(),
            new C20BoundedSemaphore(), new C21QueueKinds(), new C22ProcessLifecycle(), new C23PoolLifecycle(),
            new C24BlockingCaller(), new C25ParallelConcurrent());

    /** The rules with a class of their own (the claims some benchmark serves), by ID. */
    public static Map<String, ClaimRule> measured() {
        Map<String, ClaimRule> out = new LinkedHashMap<>();
        RULES.forEach(r -> out.put(r.id(), r));
        return out;
    }

    /** One rule per claim of the bundled catalog, in catalog order. */
    public static List<ClaimRule> all() {
        return all(ClaimsCatalog.bundled());
    }

    /** One rule per claim of {@code catalog}, in catalog order. */
    public static List<ClaimRule> all(ClaimsCatalog catalog) {
        Map<String, ClaimRule> own = measured();
        List<ClaimRule> out = new ArrayList<>();
        for (String id : catalog.claimIds()) {
            out.add(own.getOrDefault(id, new NoBenchmarkYet(id)));
        }
        return out;
    }

    /** Decides the claim, then renders the verdict from that decision alone. */
    public static Verdict verdict(ClaimRule rule, ClaimInput in) {
        ClaimDecision d = rule.decide(in);
        ClaimRule.Prose p = d.missing() != null && d.kind() == VerdictKind.INCONCLUSIVE && !(rule instanceof NoBenchmarkYet)
                ? Text.notMeasured(d, rule.render(d).jvmNote()) : rule.render(d);
        return new Verdict(d.id(), in.entry().text(), d.kind(), d.kind() == VerdictKind.DEPENDS ? p.on() : null, p.reason(), p.jvmNote(),
                d.settleBy(), d.evidence(), servedBy(in.servedBy(), d.evidence()), p.gist(), d);
    }

    /** The classes serving the claim, plus those whose results a rule read for another claim's experiment. */
    private static List<String> servedBy(List<String> serving, List<Evidence> evidence) {
        TreeSet<String> out = new TreeSet<>(serving);
        for (Evidence e : evidence) {
            String bench = e.key().contains(" [") ? e.key().substring(0, e.key().indexOf(" [")) : e.key();
            String[] parts = bench.split("\\.");
            if (parts.length >= 2) {
                out.add(parts[parts.length - 2]);
            }
        }
        return new ArrayList<>(out);
    }
}
