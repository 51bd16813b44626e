package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a pool size back the symbol it was resolved from where only the symbol means something
 * across a sweep. The harness passes numbers to JMH and records each symbol in {@code metadata.json}
 * ({@code "formula (waitFraction=0.9)": 20}); a size that depends on another param, like the blocking
 * formula on the wait fraction, is a different number at every point, so a curve "pool = 20" would
 * mix unrelated pools. Such results get their symbol back ({@code formula}, {@code 2*formula}), and
 * the core count becomes {@code cores}; sizes that do not depend on another param stay numbers.
 */
final class SymbolicSizes {

    private SymbolicSizes() {
    }

    /** The results with {@code poolSize} numbers replaced by qualified symbols where they match. */
    static List<BenchmarkResult> restore(List<BenchmarkResult> results, Map<String, String> sizes, Integer cores) {
        if (sizes.keySet().stream().noneMatch(k -> k.contains("("))) {
            return results;
        }
        List<BenchmarkResult> out = new ArrayList<>(results.size());
        for (BenchmarkResult r : results) {
            String symbol = symbolOf(r, sizes, cores);
            out.add(symbol == null ? r : withPoolSize(r, symbol));
        }
        return out;
    }

    /** The symbol whose qualifier matches the result's params and whose value is its pool size, or null. */
    static String symbolOf(BenchmarkResult r, Map<String, String> sizes, Integer cores) {
        String value = r.param(ParamNames.POOL_SIZE);
        if (value == null || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        String qualifiedMatch = null;
        boolean qualifiedSweep = false;
        for (Map.Entry<String, String> e : sizes.entrySet()) {
            String key = e.getKey();
            int open = key.indexOf(" (");
            if (open < 0 || !key.endsWith(")")) {
                continue;
            }
            String qualifier = key.substring(open + 2, key.length() - 1);
            int eq = qualifier.indexOf('=');
            if (eq < 0 || r.param(qualifier.substring(0, eq)) == null) {
                continue;
            }
            // The result belongs to a sweep whose sizes depend on this param, also at a point added by
            // adaptive refinement, for which no size was recorded (its pools are passed as numbers).
            qualifiedSweep = true;
            if (!qualifier.substring(eq + 1).equals(r.param(qualifier.substring(0, eq)))) {
                continue;
            }
            if (e.getValue().equals(value) && qualifiedMatch == null) {
                qualifiedMatch = key.substring(0, open);
            }
        }
        if (!qualifiedSweep) {
            return null;
        }
        // the cores-sized pool is the reference of X4; a formula that resolves to the cores is that pool
        if (cores != null && value.equals(String.valueOf(cores))) {
            return "cores";
        }
        return qualifiedMatch;
    }

    private static BenchmarkResult withPoolSize(BenchmarkResult r, String symbol) {
        Map<String, String> params = new LinkedHashMap<>(r.params());
        params.put(ParamNames.POOL_SIZE, symbol);
        return new BenchmarkResult(r.benchmark(), r.mode(), r.threads(), r.forks(), r.jmhVersion(), r.jvm(),
                r.jvmArgs(), r.jdkVersion(), r.vmName(), r.vmVersion(), r.warmupIterations(), r.warmupTime(),
                r.measurementIterations(), r.measurementTime(), params, r.primary(), r.secondary(), r.source());
    }
}
