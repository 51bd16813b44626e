package dev.crossover.claims;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The claims and crossovers of {@code notes/CLAIMS.md} a benchmark class serves.
 * The harness ties results to claims through this annotation only, never through names.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Serves {
    /** IDs such as {@code "C4"}, {@code "X1"}. */
    String[] value();
}
