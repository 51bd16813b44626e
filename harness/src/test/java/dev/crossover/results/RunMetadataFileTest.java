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

class RunMetadataFileTest {

    @TempDir
    Path dir;

    static RunMetadataFile sample() {
        return new RunMetadataFile(RunMetadataFile.FORMAT_VERSION, "quick", "2026-11-27T03:00:00Z", null, "abc",
                new RunMetadataFile.Jdk("25.0.3", "Eclipse Adoptium", "/usr/lib/jvm/temurin-25"), List.of("-Xmx1g"),
                List.of("-Xmx256m"), "Linux", "AMD EPYC", new RunMetadataFile.CpuBudget(2, "cgroup", 4, 2.0, null),
                Map.of("cores", 2, "2*cores", 4), new RunMetadataFile.Noise(0.3, null, null, null));
    }

    @Test
    void writesTheContractKeysAndReadsThemBack() throws Exception {
        Path f = dir.resolve("metadata.json");
        RunMetadataFile done = sample().finished("2026-11-27T03:10:00Z", new RunMetadataFile.Noise(0.3, 1.9,
                RunMetadataFile.known(Double.NaN), "busy"));
        done.write(f);
        JsonNode n = new ObjectMapper().readTree(f.toFile());
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("formatVersion", "preset", "startTime", "endTime", "commit", "jdk", "jvmArgs", "childJvmArgs",
                "os", "cpuModel", "cpuBudget", "sizes", "noise"), keys);
        List<String> budget = new ArrayList<>();
        n.get("cpuBudget").fieldNames().forEachRemaining(budget::add);
        assertEquals(List.of("cores", "source", "availableProcessors", "cgroupQuota", "cpuset", "cpus", "affinity"), budget);
        assertTrue(n.get("cpuBudget").get("cpuset").isNull(), "an absent cpuset is written as null");
        assertTrue(n.get("noise").get("stealPercent").isNull(), "unknown steal is null, never NaN");
        assertEquals(List.of("version", "vendor", "home"), fields(n.get("jdk")));
        assertEquals(List.of("loadAvgStart", "loadAvgEnd", "stealPercent", "warning"), fields(n.get("noise")));
        assertEquals(done, RunMetadataFile.read(f));
    }

    @Test
    void theVirtualThreadSchedulerIsWrittenLastAndSurvivesTheRunsEnd() throws Exception {
        Path f = dir.resolve("metadata.json");
        RunMetadataFile.VirtualThreadScheduler vt = new RunMetadataFile.VirtualThreadScheduler(2, 256, 1,
                "default: the JVM's available processors (2)", "the forks' default");
        RunMetadataFile done = sample().withVirtualThreadScheduler(vt)
                .finished("2026-11-27T03:10:00Z", new RunMetadataFile.Noise(0.3, 1.9, null, null));
        done.write(f);
        JsonNode n = new ObjectMapper().readTree(f.toFile());
        List<String> keys = fields(n);
        assertEquals("virtualThreadScheduler", keys.getLast());
        assertEquals(List.of("parallelism", "maxPoolSize", "minRunnable", "source", "note"), fields(n.get("virtualThreadScheduler")));
        assertEquals(2, n.get("virtualThreadScheduler").get("parallelism").asInt());
        assertEquals(vt, RunMetadataFile.read(f).virtualThreadScheduler());
        assertEquals("2", RunMetadata.read(f).field("virtualThreadScheduler.parallelism"));
    }

    @Test
    void badFilesAreNamedNotThrownAsStackTraces() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertTrue(assertThrows(BadInputException.class, () -> RunMetadataFile.read(missing)).getMessage().contains("nope.json"));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ not json");
        assertTrue(assertThrows(BadInputException.class, () -> RunMetadataFile.read(bad)).getMessage().startsWith(bad.toString()));
        Path future = Files.writeString(dir.resolve("future.json"), "{\"formatVersion\": 9}");
        String newer = assertThrows(BadInputException.class, () -> RunMetadataFile.read(future)).getMessage();
        assertTrue(newer.contains("formatVersion 9 is newer than this version of Crossover reads (up to "
                + RunMetadataFile.FORMAT_VERSION + ")") && newer.startsWith(future.toString()), newer);
        // the lenient reader every command uses refuses it the same way
        assertTrue(assertThrows(BadInputException.class, () -> RunMetadata.read(future)).getMessage().contains("formatVersion 9 is newer"));
    }

    @Test
    void formatOneStillReadsAndTheMachineIsWrittenWhenKnown() throws Exception {
        Path old = dir.resolve("v1.json");
        sample().write(old);
        String v1 = Files.readString(old).replace("\"formatVersion\" : " + RunMetadataFile.FORMAT_VERSION, "\"formatVersion\" : 1");
        Files.writeString(old, v1);
        assertEquals(1, RunMetadataFile.read(old).formatVersion());
        assertEquals(1, RunMetadata.read(old).formatVersion());

        RunMetadataFile withMachine = new RunMetadataFile(RunMetadataFile.FORMAT_VERSION, "quick", "t", null, null, null, List.of(),
                List.of(), "Linux", "AMD EPYC", new RunMetadataFile.CpuBudget(1, "CPU affinity", 1, null, "0-1", 1, "0"), Map.of(),
                null, null, new RunMetadataFile.Machine("ci-large", 16, 64_000L));
        Path f = dir.resolve("m.json");
        withMachine.write(f);
        RunMetadata m = RunMetadata.read(f);
        assertEquals("ci-large", m.field("machine.hostname"));
        assertEquals("16", m.field("machine.onlineCpus"));
        assertEquals("1", m.field("cpuBudget.cpus"));
        assertEquals("0", m.field("cpuBudget.affinity"));
        assertEquals(withMachine, RunMetadataFile.read(f));
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
