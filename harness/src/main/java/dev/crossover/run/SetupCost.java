package dev.crossover.run;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Wall time a fork of a benchmark class spends outside its iterations, beyond a plain JVM's start:
 * trial setup and teardown such as warming a server up or starting and joining thousands of threads.
 * The plan adds it to every fork's estimate, so {@code --dry-run} and the progress line count it.
 * The figure is an estimate measured on a 2-core machine; {@link #what()} says what it covers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SetupCost {
    /** Seconds per fork, on average over the class's configurations. */
    double seconds();

    /** What takes the time, for the plan's readers. */
    String what();
}
