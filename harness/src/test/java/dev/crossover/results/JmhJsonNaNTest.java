package dev.crossover.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JMH writes "NaN" for an iteration in which a secondary result had no figure; a primary must have one. */
class JmhJsonNaNTest {

    private static JsonNode run(String primaryRaw, String secondaryRaw) throws Exception {
        return new ObjectMapper().readTree("[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\", \"forks\": 2, \"params\": {\"rate\": \"5000\"}, "
                + "\"primaryMetric\": {\"score\": 10, \"scoreError\": 1, \"scoreUnit\": \"ops/s\", \"rawData\": " + primaryRaw + "}, "
                + "\"secondaryMetrics\": {\"p99Ms\": {\"score\": \"NaN\", \"scoreError\": \"NaN\", \"scoreUnit\": \"#\", \"rawData\": "
                + secondaryRaw + "}}}]");
    }

    @Test
    void aSecondaryIterationWithoutAFigureIsReadAsNaNAndAPrimaryOneIsRefused() throws Exception {
        List<BenchmarkResult> rs = JmhJson.parse(run("[[9, 11], [10, 10]]", "[[1372.1, 2349.0], [\"NaN\"]]"), Path.of("x.json"));
        Metric p99 = rs.getFirst().secondary().get("p99Ms");
        assertEquals(1372.1, p99.rawData().getFirst().getFirst(), 1e-9);
        assertTrue(Double.isNaN(p99.rawData().get(1).getFirst()));
        BadInputException e = assertThrows(BadInputException.class,
                () -> JmhJson.parse(run("[[9, \"NaN\"], [10, 10]]", "[[1.0, 2.0]]"), Path.of("x.json")));
        assertTrue(e.getMessage().contains("field 'primaryMetric.rawData[0][1]': expected a finite number"), e.getMessage());
        BadInputException inf = assertThrows(BadInputException.class,
                () -> JmhJson.parse(run("[[9, 11]]", "[[\"Infinity\"]]"), Path.of("x.json")));
        assertTrue(inf.getMessage().contains("expected a finite number or \"NaN\""), inf.getMessage());
    }
}
