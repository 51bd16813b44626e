package dev.crossover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossover.cli.Main;
import dev.crossover.sizing.CpuAffinity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet path end to end on real runs: {@code crossover run --cpus 1} and {@code --cpus 2} of a tiny selection
 * (CpuBoundBench's pool sweep at smoke settings), one of them carried as a {@code .tgz}, merged by
 * {@code crossover fleet} into one report; and a budget the machine does not have refused before anything runs.
 */
class FleetRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endEverythingStarted() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void runsAtOneAndTwoCpusMergeIntoOneFleetReport() throws Exception {
        Assumptions.assumeTrue(CpuAffinity.available() && CpuAffinity.current().cardinality() >= 2,
                "needs Linux affinity and two CPUs");
        Path one = run(1);
        Path two = run(2);
        JsonNode m1 = JSON.readTree(one.resolve("metadata.json").toFile());
        JsonNode m2 = JSON.readTree(two.resolve("metadata.json").toFile());
        assertEquals(1, m1.path("cpuBudget").path("cores").asInt(), m1.toString());
        assertEquals("CPU affinity", m1.path("cpuBudget").path("source").asText(), m1.toString());
        assertEquals(1, m1.path("cpuBudget").path("cpus").asInt());
        assertEquals(CpuAffinity.list(CpuAffinity.choose(1)), m1.path("cpuBudget").path("affinity").asText());
        assertEquals(1, m1.path("sizes").path("cores").asInt(), "pools sized for the budget");
        assertEquals(2, m2.path("cpuBudget").path("cores").asInt(), m2.toString());
        assertEquals(2, m2.path("cpuBudget").path("cpus").asInt());
        assertTrue(m1.path("machine").path("onlineCpus").asInt() >= 2, m1.toString());

        // the second run travels as an archive, as a CI artifact would
        Path tgz = tmp.resolve("two.tgz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", two.getParent().toString(),
                two.getFileName().toString()).start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0);

        Path out = tmp.resolve("fleet");
        int status = Main.commandLine().execute("fleet", one.toString(), tgz.toString(), "-o", out.toString());
        assertEquals(0, status);
        JsonNode fleet = JSON.readTree(out.resolve("fleet.json").toFile());
        assertEquals(2, fleet.path("runs").size());
        assertEquals(1, fleet.path("runs").get(0).path("cores").asInt());
        assertEquals(2, fleet.path("runs").get(1).path("cores").asInt());
        assertEquals(1, fleet.path("runs").get(0).path("requestedCpus").asInt());
        assertEquals("smoke", fleet.path("preset").asText());
        String md = Files.readString(out.resolve("fleet.md"));
        assertTrue(md.contains("1 core (--cpus 1)") && md.contains("2 cores (--cpus 2)"), md);
        assertTrue(md.contains("## Crossovers against the core budget") && md.contains("## Decision maps side by side"), md);
        assertTrue(Files.readString(out.resolve("fleet.html")).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void aBudgetTheMachineDoesNotHaveIsRefusedBeforeAnythingRuns() throws Exception {
        Assumptions.assumeTrue(CpuAffinity.available());
        int have = CpuAffinity.current().cardinality();
        for (String n : List.of(String.valueOf(have + 1), "0", "two")) {
            Path results = tmp.resolve("refused-" + n);
            Process p = start(results, n);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            String out = Files.readString(results.resolve("out.txt"));
            assertEquals(2, p.exitValue(), out);
            assertTrue(out.contains("--cpus") && (out.contains("give a number from 1 to " + have) || out.contains("not a whole number")), out);
            assertTrue(!Files.exists(results.resolve("runs")), "nothing ran: " + out);
        }
    }

    /** A real tiny run at {@code cpus} CPUs; returns its run directory. */
    private Path run(int cpus) throws Exception {
        Path results = tmp.resolve("cpus" + cpus);
        Process p = start(results, String.valueOf(cpus));
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the run at --cpus " + cpus + " ends");
        String out = Files.readString(results.resolve("out.txt"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("CPU budget: " + cpus + " cores"), out);
        try (Stream<Path> s = Files.list(results.resolve("runs"))) {
            return s.findFirst().orElseThrow();
        }
    }

    private Process start(Path results, String cpus) throws IOException {
        Files.createDirectories(results);
        String java = ProcessHandle.current().info().command().orElse("java");
        // its own temporary directory, so its own JMH lock: these numbers do not matter, only the path they take
        Path runTmp = Files.createDirectories(results.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + runTmp, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--preset", "smoke", "--include", "^CpuBoundBench\\.poolSweep$", "--cpus", cpus,
                "--no-refine", "--python", "none", "--baseline", "none", "--results", results.toString())
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(results.resolve("out.txt").toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }
}
