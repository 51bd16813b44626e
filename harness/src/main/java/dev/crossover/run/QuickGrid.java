package dev.crossover.run;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The smaller grid the {@code quick} preset runs of a benchmark class: each entry of {@link #value()}
 * {@code "param=v1,v2"} names one {@code @Param} and the declared values quick keeps of it (the params
 * not named keep every declared value), and {@link #methods()} names the benchmark methods quick runs
 * (none named: every method). {@code full} runs every declared value and method; {@code -p} on the
 * command line wins over the values, {@code --include} or a {@code --claims} claim of the class over the methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface QuickGrid {
    /** Entries such as {@code "rate=1000,5000"}. */
    String[] value() default {};

    /** The methods quick runs, such as {@code {"jvmFifo", "shmFifo"}}; empty for all. */
    String[] methods() default {};
}
