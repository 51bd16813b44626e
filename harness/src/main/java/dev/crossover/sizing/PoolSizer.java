package dev.crossover.sizing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pool sizes from a {@link CpuBudget}: {@code cores} for CPU-bound work, the blocking formula
 * {@code cores × (1 + wait/compute)} for work that waits, and the symbolic sizes benchmarks use in
 * {@code @Param} ({@code cores}, {@code 2*cores}, {@code formula}, …), resolved at setup so that
 * {@code java -jar benchmarks.jar} works without the harness.
 */
public final class PoolSizer {

    /**
     * Upper bound of the blocking formula: past about a thousand platform threads each one's stack
     * and kernel thread cost more than a small machine gains from them; that load is what virtual
     * threads are for (C14). Stated in reports beside every {@code formula} size.
     */
    public static final int DEFAULT_CAP = 1000;

    /**
     * Smallest compute time per task the formula divides by, in µs. A measured compute of zero (a
     * task that only waits) would make the pool infinite; the cap then decides.
     */
    public static final double MIN_COMPUTE_MICROS = 1.0;

    /** The accepted forms of a size expression, for error messages and help texts. */
    public static final List<String> FORMS = List.of(
            "a positive number (e.g. 1, 8, 64)",
            "cores",
            "K*cores (e.g. 2*cores, 4*cores)",
            "cores/K (e.g. cores/2; never below 1)",
            "formula (cores × (1 + wait/compute), capped at " + DEFAULT_CAP + ")",
            "K*formula (e.g. 2*formula; capped at " + DEFAULT_CAP + ")");

    /**
     * Names of the JMH secondary metrics in which a benchmark states the sizes it really used when
     * they are decided in the fork (measured at setup, not passed as params): the executor's
     * capacity, the child JVMs and threads per child of a process pool, the dispatcher threads of a
     * thread-per-task executor. {@code crossover run} copies them into {@code metadata.json}.
     */
    public static final List<String> USED_SIZE_METRICS = List.of("capacity", "children", "threadsPerChild", "dispatchers");

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern TIMES = Pattern.compile("(\\d+)\\*(cores|formula)");
    private static final Pattern DIVIDED = Pattern.compile("(cores|formula)/(\\d+)");

    private PoolSizer() {
    }

    /**
     * The pool size an expression stands for.
     *
     * @param expr            a size expression, one of {@link #FORMS}; case and spaces do not matter
     * @param budget          the cores to size from
     * @param waitOverCompute wait time ÷ compute time of one task, for {@code formula}; ignored otherwise
     * @throws IllegalArgumentException for anything else, listing the accepted forms
     */
    public static int resolve(String expr, CpuBudget budget, double waitOverCompute) {
        if (expr == null || expr.isBlank()) {
            throw bad(expr, "it is empty");
        }
        String e = expr.replace(" ", "").toLowerCase(Locale.ROOT);
        int cores = budget.cores();
        Matcher m;
        if (NUMBER.matcher(e).matches()) {
            int n = parse(expr, e);
            if (n < 1) {
                throw bad(expr, "a pool needs at least 1 worker");
            }
            return n;
        }
        if (e.equals("cores")) {
            return cores;
        }
        if (e.equals("formula")) {
            return formula(expr, cores, waitOverCompute);
        }
        if ((m = TIMES.matcher(e)).matches()) {
            int k = parse(expr, m.group(1));
            if (k < 1) {
                throw bad(expr, "the factor must be at least 1");
            }
            if (m.group(2).equals("cores")) {
                return Math.multiplyExact(k, cores);
            }
            return Math.min(DEFAULT_CAP, Math.multiplyExact(k, formula(expr, cores, waitOverCompute)));
        }
        if ((m = DIVIDED.matcher(e)).matches()) {
            int k = parse(expr, m.group(2));
            if (k < 1) {
                throw bad(expr, "cannot divide by " + k);
            }
            int base = m.group(1).equals("cores") ? cores : formula(expr, cores, waitOverCompute);
            return Math.max(1, base / k);
        }
        throw bad(expr, "it is not a size expression");
    }

    /**
     * Threads that keep {@code cores} cores busy when each task computes for {@code computeMicros}
     * and then waits for {@code waitMicros}: {@code ceil(cores × (1 + wait/compute))}, at most
     * {@code cap}, at least {@code cores}. Compute below {@link #MIN_COMPUTE_MICROS} counts as that.
     */
    public static int blockingFormula(int cores, double waitMicros, double computeMicros, int cap) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be >= 1, got " + cap);
        }
        if (!(waitMicros >= 0) || !(computeMicros >= 0) || Double.isInfinite(waitMicros)) {
            throw new IllegalArgumentException("wait and compute must be finite and >= 0 µs, got wait="
                    + waitMicros + " compute=" + computeMicros);
        }
        double compute = Math.max(MIN_COMPUTE_MICROS, computeMicros);
        double size = Math.ceil(cores * (1 + waitMicros / compute));
        return (int) Math.min(cap, Math.max(cores, size));
    }

    /**
     * The blocking formula without a cap: {@code ceil(cores × (1 + wait/compute))}, at least {@code
     * cores}. A cap, where one is needed, is a separate decision the caller states.
     *
     * @throws IllegalArgumentException when the size does not fit an {@code int}
     */
    public static int blockingFormula(int cores, double waitMicros, double computeMicros) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        if (!(waitMicros >= 0) || !(computeMicros >= 0) || Double.isInfinite(waitMicros)) {
            throw new IllegalArgumentException("wait and compute must be finite and >= 0 µs, got wait="
                    + waitMicros + " compute=" + computeMicros);
        }
        double size = Math.ceil(cores * (1 + waitMicros / Math.max(MIN_COMPUTE_MICROS, computeMicros)));
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the blocking formula gives " + size + " threads for wait " + waitMicros
                    + " µs and compute " + computeMicros + " µs: more than any pool can hold; cap it explicitly");
        }
        return (int) Math.max(cores, size);
    }

    /**
     * {@code total} rounded up to a multiple of {@code workers}, so that {@code workers} workers of
     * equal size hold exactly that many threads between them (at most {@code workers − 1} more).
     */
    public static int evenlySplittable(int total, int workers) {
        if (total < 1 || workers < 1) {
            throw new IllegalArgumentException("total and workers must be >= 1, got " + total + ", " + workers);
        }
        return Math.multiplyExact(workers, (total + workers - 1) / workers);
    }

    /**
     * {@code n} rounded up to {@code digits} significant digits (6,669 → 6,700 for two): a size
     * computed from a measurement then comes out the same in runs whose measurements differ by a
     * few percent.
     */
    public static int roundUpSignificant(int n, int digits) {
        if (n < 1 || digits < 1) {
            throw new IllegalArgumentException("n and digits must be >= 1, got " + n + ", " + digits);
        }
        long step = 1;
        while (n / step >= (long) Math.pow(10, digits)) {
            step *= 10;
        }
        return Math.toIntExact((n + step - 1) / step * step);
    }

    private static int formula(String expr, int cores, double waitOverCompute) {
        if (!(waitOverCompute >= 0) || Double.isInfinite(waitOverCompute)) {
            throw bad(expr, "'formula' needs a finite wait/compute ratio >= 0, got " + waitOverCompute);
        }
        return blockingFormula(cores, waitOverCompute * MIN_COMPUTE_MICROS * 1_000, MIN_COMPUTE_MICROS * 1_000, DEFAULT_CAP);
    }

    private static int parse(String expr, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw bad(expr, "the number is too large");
        }
    }

    private static IllegalArgumentException bad(String expr, String why) {
        return new IllegalArgumentException("bad pool size '" + expr + "': " + why + ". Accepted forms: "
                + String.join("; ", FORMS));
    }
}
