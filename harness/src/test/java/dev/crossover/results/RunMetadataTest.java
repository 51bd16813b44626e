package dev.crossover.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunMetadataTest {

    @TempDir
    Path dir;

    static RunMetadata sample() {
        return new RunMetadata(RunMetadata.FORMAT_VERSION, "quick", "2026-11-27T03:00:00Z", null, "abc",
                new RunMetadata.Jdk("25.0.3", "Eclipse Adoptium", "/usr/lib/jvm/temurin-25"), List.of("-Xmx1g"),
                List.of("-Xmx256m"), "Linux", "AMD EPYC", new RunMetadata.CpuBudget(2, "cgroup", 4, 2.0, null),
                Map.of("cores", 2, "2*cores", 4), new RunMetadata.Noise(0.3, null, null, null));
    }

    @Test
    void writesTheContractKeysAndReadsThemBack() throws Exception {
        Path f = dir.resolve("metadata.json");
        RunMetadata done = sample().finished("2026-11-27T03:10:00Z", new RunMetadata.Noise(0.3, 1.9,
                RunMetadata.known(Double.NaN), "busy"));
        done.write(f);
        JsonNode n = new ObjectMapper().readTree(f.toFile());
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("formatVersion", "preset", "startTime", "endTime", "commit", "jdk", "jvmArgs", "childJvmArgs",
                "os", "cpuModel", "cpuBudget", "sizes", "noise"), keys);
        List<String> budget = new ArrayList<>();
        n.get("cpuBudget").fieldNames().forEachRemaining(budget::add);
        assertEquals(List.of("cores", "source", "availableProcessors", "cgroupQuota", "cpuset"), budget);
        assertTrue(n.get("cpuBudget").get("cpuset").isNull(), "an absent cpuset is written as null");
        assertTrue(n.get("noise").get("stealPercent").isNull(), "unknown steal is null, never NaN");
        assertEquals(List.of("version", "vendor", "home"), fields(n.get("jdk")));
        assertEquals(List.of("loadAvgStart", "loadAvgEnd", "stealPercent", "warning"), fields(n.get("noise")));
        assertEquals(done, RunMetadata.read(f));
    }

    @Test
    void badFilesAreNamedNotThrownAsStackTraces() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertTrue(assertThrows(BadInputException.class, () -> RunMetadata.read(missing)).getMessage().contains("nope.json"));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ not json");
        assertTrue(assertThrows(BadInputException.class, () -> RunMetadata.read(bad)).getMessage().startsWith(bad.toString()));
        Path future = Files.writeString(dir.resolve("future.json"), "{\"formatVersion\": 9}");
        assertTrue(assertThrows(BadInputException.class, () -> RunMetadata.read(future)).getMessage().contains("formatVersion 9"));
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
