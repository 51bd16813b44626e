package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamCheckTest {

    enum Kind { FAST, SLOW }

    /** A benchmark class as JMH sees it: params on the class and on a @State its method takes. */
    @State(Scope.Benchmark)
    public static class Bench {
        @Param({"FAST"})
        public Kind kind;
        @Param({"8"})
        public int size;

        @State(Scope.Thread)
        public static class Load {
            @Param({"0.5"})
            public double share;
        }

        public int measure(Load load) {
            return size;
        }
    }

    private static final BenchmarkInfo BENCH = BenchmarkInfo.of(Bench.class.getName(), "measure", Mode.Throughput,
            Map.of("kind", List.of("FAST"), "size", List.of("8"), "share", List.of("0.5"), "taskUnits", List.of("10", "100")),
            List.of());

    @Test
    void valuesAreCheckedAgainstTheFieldsTypeFoundOnTheClassOrItsStateArguments() {
        Sizing s = Sizing.ofCores(2);
        assertNull(ParamCheck.reject(BENCH, "kind", "SLOW", s));
        assertEquals("is an enum; 'MEDIUM' is none of its values [FAST, SLOW]", ParamCheck.reject(BENCH, "kind", "MEDIUM", s));
        assertNull(ParamCheck.reject(BENCH, "size", "16", s));
        assertTrue(ParamCheck.reject(BENCH, "size", "abc", s).startsWith("is a whole number (int); 'abc' is not one"));
        assertNull(ParamCheck.reject(BENCH, "share", "0.9", s));
        assertTrue(ParamCheck.reject(BENCH, "share", "most", s).startsWith("is a number"));
        // no such field: the declared values, all numbers, ask for a number
        assertTrue(ParamCheck.reject(BENCH, "taskUnits", "many", s).startsWith("takes numbers (declared [10, 100])"));
        assertNull(ParamCheck.reject(BENCH, "taskUnits", "1000", s));
    }
}
