package dev.crossover.run;

/**
 * Forks and iterations of a run; a null field means "as the benchmark's annotation says" (and JMH's
 * default where it says nothing).
 */
public record RunSettings(Integer forks, Integer warmupIterations, Double warmupSeconds,
                          Integer measurementIterations, Double measurementSeconds) {

    /** JMH 1.37 defaults: 5 forks, 5 warmup and 5 measurement iterations of 10 s. */
    public static final RunSettings JMH_DEFAULTS = new RunSettings(5, 5, 10.0, 5, 10.0);

    /** This, with every null field taken from {@code fallback}. */
    public RunSettings orElse(RunSettings fallback) {
        return new RunSettings(forks != null ? forks : fallback.forks,
                warmupIterations != null ? warmupIterations : fallback.warmupIterations,
                warmupSeconds != null ? warmupSeconds : fallback.warmupSeconds,
                measurementIterations != null ? measurementIterations : fallback.measurementIterations,
                measurementSeconds != null ? measurementSeconds : fallback.measurementSeconds);
    }

    /** The settings a benchmark declares in its annotations. */
    static RunSettings of(BenchmarkInfo b) {
        return new RunSettings(b.forks(), b.warmupIterations(), b.warmupSeconds(), b.measurementIterations(),
                b.measurementSeconds());
    }
}
