package dev.crossover.analysis;

import dev.crossover.analysis.claim.ClaimInput;
import dev.crossover.analysis.claim.ClaimRule;
import dev.crossover.analysis.claim.ClaimRules;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything derived from one run: answers per load shape, crossovers and claim verdicts (IDs from {@link ClaimsCatalog}).
 *
 * @param data       what was read
 * @param catalog    the claims catalog
 * @param serves     which class serves which ID
 * @param answers    the best configuration per load shape measured
 * @param crossovers by ID, in catalog order
 * @param verdicts   by claim ID, in catalog order
 */
public record Analysis(RunData data, ClaimsCatalog catalog, ServesMap serves, List<Answer> answers,
                       Map<String, CrossoverFinding> crossovers, Map<String, Verdict> verdicts) {

    /** Analyses a run with the bundled claims catalog. */
    public static Analysis of(RunData data) {
        return of(data, ClaimsCatalog.bundled());
    }

    /** Analyses a run. */
    public static Analysis of(RunData data, ClaimsCatalog catalog) {
        Context ctx = new Context(data, catalog);
        Map<String, CrossoverFinding> crossovers = new LinkedHashMap<>();
        for (String id : catalog.crossoverIds()) {
            crossovers.put(id, CrossoverRules.find(id, ctx));
        }
        ctx.crossovers = crossovers;
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (ClaimRule rule : ClaimRules.all(catalog)) {
            verdicts.put(rule.id(), ClaimRules.verdict(rule, ctx.claimInput(rule)));
        }
        return new Analysis(data, catalog, ctx.serves, Answers.of(ctx), crossovers, verdicts);
    }

    /** The run's metadata. */
    public RunMetadata metadata() {
        return data.metadata();
    }

    /** What the rules read: the run's results filtered by the classes serving an ID, sizes, cores. */
    static final class Context {
        final RunData data;
        final ClaimsCatalog catalog;
        final ServesMap serves;
        final Curves.SizeResolver sizes;
        final Integer cores;
        /** The run's results, pool sizes that depend on another param given back their symbol. */
        final List<BenchmarkResult> results;
        Map<String, CrossoverFinding> crossovers = Map.of();
        private Map<String, Integer> byKey;

        /** Index of the result with this key in {@link #results} (and in the raw {@code data.results()}), or null. */
        Integer indexOf(String key) {
            if (byKey == null) {
                byKey = new java.util.HashMap<>();
                for (int i = 0; i < results.size(); i++) {
                    byKey.putIfAbsent(results.get(i).key(), i);
                }
            }
            return byKey.get(key);
        }

        Context(RunData data, ClaimsCatalog catalog) {
            this.data = data;
            this.catalog = catalog;
            this.cores = data.metadata().cores();
            this.sizes = new Curves.SizeResolver(cores, data.metadata().sizes());
            this.results = SymbolicSizes.restore(data.results(), data.metadata().sizes(), cores);
            this.serves = ServesMap.of(results, data.serves());
        }

        /** Results of the classes serving {@code id} (through {@code @Serves} or serves.json). */
        List<BenchmarkResult> served(String id) {
            return serves.resultsFor(id, results);
        }

        /**
         * Results of the classes serving any of {@code ids}, each once: for a claim that reads another
         * claim's experiment (C4's I/O half is C13's, C14's handoffs are C6's).
         */
        List<BenchmarkResult> servedAny(String... ids) {
            java.util.LinkedHashSet<BenchmarkResult> out = new java.util.LinkedHashSet<>();
            for (String id : ids) {
                out.addAll(served(id));
            }
            return new ArrayList<>(out);
        }

        /** Classes serving {@code id} that appear in the run. */
        List<String> servedBy(String id) {
            List<String> out = new ArrayList<>();
            serves.byClass().forEach((cls, ids) -> {
                if (ids.contains(id)) {
                    out.add(cls);
                }
            });
            out.sort(null);
            return out;
        }

        /** Results of {@code Class.method} among {@code rs}, optionally in {@code mode}, matching {@code where}. */
        static List<BenchmarkResult> pick(List<BenchmarkResult> rs, String shortName, String mode,
                                          Predicate<BenchmarkResult> where) {
            return rs.stream().filter(r -> r.shortName().equals(shortName) && (mode == null || r.mode().equals(mode))
                    && where.test(r)).toList();
        }

        /** The first result of {@code Class.method} with the given param values (pairs name, value), or null. */
        static BenchmarkResult one(List<BenchmarkResult> rs, String shortName, String mode, String... kv) {
            for (BenchmarkResult r : pick(rs, shortName, mode, x -> true)) {
                boolean ok = true;
                for (int i = 0; i + 1 < kv.length; i += 2) {
                    ok &= kv[i + 1].equals(r.param(kv[i]));
                }
                if (ok) {
                    return r;
                }
            }
            return null;
        }

        /** Curves of the results serving {@code id}, restricted by {@code where}. */
        Map<String, Curve> curves(String id, String shortName, String mode, String xParam, String seriesParam,
                                  Predicate<BenchmarkResult> where) {
            List<BenchmarkResult> rs = served(id).stream().filter(where).toList();
            return Curves.of(rs, shortName, mode, xParam, seriesParam, sizes);
        }

        /** What claim rule {@code rule} reads: results of the classes serving its claim or a claim it borrows from. */
        ClaimInput claimInput(ClaimRule rule) {
            List<String> ids = new ArrayList<>(List.of(rule.id()));
            ids.addAll(rule.alsoReads());
            Map<String, String> summaries = new LinkedHashMap<>();
            crossovers.forEach((id, f) -> summaries.put(id, f.summary()));
            return new ClaimInput(catalog.entries().get(rule.id()), servedAny(ids.toArray(String[]::new)), servedBy(rule.id()), cores, sizes,
                    summaries, dev.crossover.stats.Difference.DEFAULT_THRESHOLD);
        }

        /** True when the param value stands for the core count. */
        boolean isCores(String value) {
            if ("cores".equals(value)) {
                return true;
            }
            Double v = sizes.numeric(value);
            return v != null && cores != null && v.intValue() == cores;
        }
    }
}
