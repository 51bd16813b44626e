package dev.crossover.run;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The smaller grid the {@code quick} preset runs of a benchmark class that serves a crossover: each
 * entry {@code "param=v1,v2"} names one {@code @Param} and the declared values quick keeps of it; the
 * params not named keep every declared value. {@code full} runs every declared value, {@code -p}
 * on the command line wins over both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface QuickGrid {
    /** Entries such as {@code "rate=1000,5000"}. */
    String[] value();
}
