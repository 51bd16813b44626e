package dev.crossover.analysis;

import dev.crossover.claims.Serves;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServesMapTest {

    /** Stands for a benchmark class on the class path. */
    @Serves({"C6", "X1"})
    static final class AnnotatedBench {
    }

    private static BenchmarkResult of(String fqMethod) {
        BenchmarkResult r = Fixtures.result("X.y", "avgt", 1, 0.1, "us/op");
        return new BenchmarkResult(fqMethod, r.mode(), 1, 1, "1.37", "", List.of(), "", "", "", 1, "", 1, "", Map.of(),
                r.primary(), Map.of(), null);
    }

    @Test
    void theAnnotationWinsWhenTheClassIsOnTheClassPath() {
        BenchmarkResult r = of("dev.crossover.analysis.ServesMapTest$AnnotatedBench.run");
        ServesMap m = ServesMap.of(List.of(r), Map.of("ServesMapTest$AnnotatedBench", List.of("C1")));
        assertEquals(List.of("C6", "X1"), m.byClass().get("ServesMapTest$AnnotatedBench"));
        assertEquals("@Serves", m.source().get("ServesMapTest$AnnotatedBench"));
    }

    @Test
    void servesJsonStandsInWhenTheClassIsAbsentAndUnknownClassesAreListed() {
        BenchmarkResult known = of("dev.crossover.bench.RoundTripBench.pipeFramed");
        BenchmarkResult unknown = of("org.other.SomeBench.run");
        ServesMap m = ServesMap.of(List.of(known, unknown), Map.of("RoundTripBench", List.of("C1", "C6")));
        assertEquals(List.of("C1", "C6"), m.byClass().get("RoundTripBench"));
        assertEquals("serves.json", m.source().get("RoundTripBench"));
        assertEquals(List.of("SomeBench"), m.unknown());
    }
}
