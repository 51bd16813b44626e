package dev.crossover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crossover fleet} over real runs kept as fixtures: the report's parts from each run's own analysis,
 * archives read like directories, and every kind of bad input refused with exit 2 naming the run.
 */
class FleetCommandTest {

    private static final Path RUNS = Path.of("src/test/resources/runs");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path copy(String run, String as) throws IOException {
        Path to = dir.resolve(as);
        Files.createDirectories(to);
        try (var files = Files.list(RUNS.resolve(run))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        return to;
    }

    private static void editMetadata(Path run, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path f = run.resolve("metadata.json");
        ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
        edit.accept(n);
        JSON.writeValue(f.toFile(), n);
    }

    @Test
    void twoRunsMakeOneReportWhoseFiguresAreEachRunsOwn() throws Exception {
        Path a = copy("quick-85042d8", "a");
        Path b = copy("quick-30190f7", "b");
        Path out = dir.resolve("fleet");
        CliCapture c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, c.status(), c.err());
        String md = Files.readString(out.resolve("fleet.md"));
        for (String section : List.of("## Machines", "## Crossovers against the core budget", "## Decision maps side by side",
                "## Claims whose verdict differs between the runs", "## Not comparable")) {
            assertTrue(md.contains(section), section);
        }
        // both runs were on 2 cores: the labels tell them apart by their directories
        assertTrue(md.contains("AMD EPYC · 2 cores · a") && md.contains("AMD EPYC · 2 cores · b"), md);
        assertTrue(md.contains("Every run has the same core budget, so this compares repeats") && md.contains("| across the runs |"), md);
        assertTrue(Files.readString(out.resolve("fleet.html")).contains("<table>"));
        assertTrue(Files.isRegularFile(out.resolve("charts/x2-vs-cores.png")));

        JsonNode json = JSON.readTree(out.resolve("fleet.json").toFile());
        assertEquals(1, json.path("formatVersion").asInt());
        assertEquals(2, json.path("runs").size());
        // every X2 decision in fleet.json is the run's own, as its report analysis finds it
        Analysis own = Analysis.of(RunData.load(List.of(a)));
        CrossoverFinding x2 = own.crossovers().get("X2");
        int checked = 0;
        for (JsonNode s : json.path("crossovers")) {
            if (!s.path("id").asText().equals("X2")) {
                continue;
            }
            CrossoverFinding.Decision d = x2.decisions().stream().filter(x -> x.subject().equals(s.path("subject").asText()))
                    .findFirst().orElseThrow();
            JsonNode p = s.path("points").get(0);
            assertEquals(d.status().name(), p.path("status").asText());
            if (Double.isFinite(d.value())) {
                assertEquals(d.value(), p.path("value").asDouble(), 1e-9);
            }
            // same core budget on both: nothing can have moved with it; the runs are repeats
            assertFalse(s.path("movement").asText().equals("MOVED"), s.toString());
            if (s.path("movement").asText().equals("REPEATS")) {
                JsonNode q = s.path("points").get(1);
                assertFalse(q.path("hi").asDouble() < p.path("lo").asDouble() || p.path("hi").asDouble() < q.path("lo").asDouble(), s.toString());
            }
            checked++;
        }
        assertTrue(checked > 0, "X2 decisions in fleet.json");
    }

    @Test
    void aCrossoverMovesOnlyWhenTheIntervalsAreApartAndClaimsThatChangeNameTheirMachines() throws Exception {
        Path small = copy("quick-85042d8", "small");
        Path large = copy("quick-85042d8", "large");
        // the same measurements read as a 4-core machine: X3's Little's-law crossing moves with the pool of "cores"
        editMetadata(large, n -> {
            n.put("startTime", "2026-12-01T00:00:00Z");
            ((ObjectNode) n.path("cpuBudget")).put("cores", 4);
            n.putObject("machine").put("hostname", "big").put("onlineCpus", 4);
        });
        Path out = dir.resolve("fleet");
        CliCapture c = CliCapture.run(Main.commandLine(), "fleet", large.toString(), small.toString(), "-o", out.toString());
        assertEquals(0, c.status(), c.err());
        JsonNode json = JSON.readTree(out.resolve("fleet.json").toFile());
        assertEquals(2, json.path("runs").get(0).path("cores").asInt(), "fewest cores first");
        for (JsonNode s : json.path("crossovers")) {
            List<JsonNode> pts = List.of(s.path("points").get(0), s.path("points").get(s.path("points").size() - 1));
            if (s.path("movement").asText().equals("MOVED")) {
                double aHi = pts.get(0).path("hi").asDouble();
                double bLo = pts.get(1).path("lo").asDouble();
                double aLo = pts.get(0).path("lo").asDouble();
                double bHi = pts.get(1).path("hi").asDouble();
                assertTrue(aHi < bLo || bHi < aLo, "moved only with intervals apart: " + s);
            }
        }
        String md = Files.readString(out.resolve("fleet.md"));
        for (JsonNode claim : json.path("claims")) {
            if (claim.path("changes").asBoolean()) {
                claim.path("sides").properties().forEach(e -> e.getValue().forEach(m -> assertTrue(md.contains(m.asText()))));
            }
        }
        assertTrue(md.contains("big · 4 cores"), md);
    }

    @Test
    void anArchiveStandsForItsRunAndItsExtractedCopyIsGone() throws Exception {
        Path a = copy("quick-85042d8", "a");
        Path b = copy("quick-30190f7", "b");
        Path tgz = dir.resolve("b.tgz");
        Process p = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.toString(), "b").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = extracted(tmp);
        CliCapture c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), tgz.toString(), "-o", dir.resolve("fleet").toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("b.tgz"), c.out());
        List<Path> after = new java.util.ArrayList<>(extracted(tmp));
        after.removeAll(before);
        assertEquals(List.of(), after, "extracted copies deleted");
        // report and compare take an archive where they take a run directory
        CliCapture r = CliCapture.run(Main.commandLine(), "report", tgz.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("b-report/report.md")), "the report goes beside the archive");
        CliCapture cmp = CliCapture.run(Main.commandLine(), "compare", a.toString(), tgz.toString(), "-o", dir.resolve("cmp").toString(),
                "--allow-different");
        assertTrue(cmp.status() == 0 || cmp.status() == 1, cmp.err());
        assertTrue(Files.isRegularFile(dir.resolve("cmp/regression.md")));
        // report --fleet is the same command
        CliCapture rf = CliCapture.run(Main.commandLine(), "report", "--fleet", a.toString(), tgz.toString(), "--out",
                dir.resolve("fleet2").toString());
        assertEquals(0, rf.status(), rf.err());
        assertTrue(Files.isRegularFile(dir.resolve("fleet2/fleet.md")));
    }

    private static List<Path> extracted(Path tmp) throws IOException {
        try (var s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().startsWith("crossover-run-")).toList();
        }
    }

    @Test
    void badInputExitsTwoNamingTheRun() throws Exception {
        Path a = copy("quick-85042d8", "a");
        Path b = copy("quick-30190f7", "b");
        Path full = copy("full-0300b4c", "full");
        Path out = dir.resolve("fleet");

        Path notRun = Files.createDirectories(dir.resolve("holiday-photos"));
        Files.writeString(notRun.resolve("beach.txt"), "sand");
        CliCapture c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), notRun.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains(notRun.toString()) && c.err().contains("is not a run"), c.err());

        Path noResults = copy("quick-30190f7", "empty");
        try (var files = Files.list(noResults)) {
            for (Path f : files.filter(RunData::isGroupFile).toList()) {
                Files.delete(f);
            }
        }
        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), noResults.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains(noResults.toString()) && c.err().contains("holds no JMH results"), c.err());

        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), b.toString(), full.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("mixed presets") && c.err().contains("full (" + full) && c.err().contains("--allow-mixed"), c.err());

        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), b.toString(), full.toString(), "--allow-mixed", "-o", out.toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("not comparable: ") && c.out().contains("preset full, the fleet's is quick"), c.out());
        assertTrue(Files.readString(out.resolve("fleet.md")).contains("preset full, the fleet's is quick"));

        Path otherJdk = copy("quick-30190f7", "jdk26");
        editMetadata(otherJdk, n -> {
            ((ObjectNode) n.path("jdk")).put("version", "26-ea");
            n.put("startTime", "2026-12-03T00:00:00Z");
        });
        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), b.toString(), otherJdk.toString(), "-o", out.toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("JDK 26-ea, the fleet's is 25.0.3"), c.out());

        Path future = copy("quick-30190f7", "future");
        editMetadata(future, n -> n.put("formatVersion", 99));
        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), future.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains(future.toString()) && c.err().contains("formatVersion 99 is newer"), c.err());
        c = CliCapture.run(Main.commandLine(), "report", future.toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("formatVersion 99 is newer"), c.err());

        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("two runs or more"), c.err());

        c = CliCapture.run(Main.commandLine(), "fleet", a.toString(), a.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("are the same run"), c.err());
    }

    @Test
    void runsInDirectoriesOfOneNameGetLabelsOfTheirOwn() throws Exception {
        Path a = copy("quick-85042d8", "one/example");
        Path b = copy("quick-30190f7", "two/example");
        Path out = dir.resolve("same-names");
        CliCapture c = CliCapture.run(Main.commandLine(), "fleet", "--repeats", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, c.status(), c.err());
        JsonNode runs = JSON.readTree(out.resolve("fleet.json").toFile()).path("runs");
        assertEquals(2, runs.size(), runs.toString());
        String la = runs.get(0).path("label").asText();
        String lb = runs.get(1).path("label").asText();
        assertNotEquals(la, lb, "each run keeps a column of its own");
        assertTrue(la.contains("example") && lb.contains("example"), la + " / " + lb);
    }

    @Test
    void repeatsOfOneBudgetKeepEveryPresetAndJudgeEachCrossoverByOverlap() throws Exception {
        Path a = copy("quick-85042d8", "a");
        Path b = copy("quick-30190f7", "b");
        Path full = copy("full-0300b4c", "full");
        Path out = dir.resolve("repeats");
        CliCapture c = CliCapture.run(Main.commandLine(), "fleet", "--repeats", a.toString(), b.toString(), full.toString(),
                "-o", out.toString());
        assertEquals(0, c.status(), c.err());
        JsonNode json = JSON.readTree(out.resolve("fleet.json").toFile());
        assertEquals(3, json.path("runs").size(), "no run set apart");
        assertEquals("quick+full", json.path("preset").asText());
        String md = Files.readString(out.resolve("fleet.md"));
        assertTrue(md.contains("· quick · a") && md.contains("· quick · b") && md.contains("· full"), md);
        assertTrue(md.contains("Claims whose verdict differs between the runs") && md.contains("(`--repeats`)"), md);
        assertTrue(md.contains("said to differ only where two runs' intervals do not overlap") && !md.contains("fewest cores first"), md);
        int judged = 0;
        for (JsonNode s : json.path("crossovers")) {
            String m = s.path("movement").asText();
            if (!m.equals("REPEATS") && !m.equals("DIFFERS")) {
                continue;
            }
            judged++;
            boolean apart = false;
            JsonNode pts = s.path("points");
            assertTrue(pts.size() >= 2, s.toString());
            for (int i = 0; i < pts.size(); i++) {
                for (int j = i + 1; j < pts.size(); j++) {
                    apart |= pts.get(i).path("hi").asDouble() < pts.get(j).path("lo").asDouble()
                            || pts.get(j).path("hi").asDouble() < pts.get(i).path("lo").asDouble();
                }
            }
            assertEquals(m.equals("DIFFERS"), apart, "differs exactly where two intervals are apart: " + s);
        }
        assertTrue(judged > 0, "some crossover located on all three runs");

        Path big = copy("quick-30190f7", "big");
        editMetadata(big, n -> {
            n.put("startTime", "2026-12-04T00:00:00Z");
            ((ObjectNode) n.path("cpuBudget")).put("cores", 4);
        });
        c = CliCapture.run(Main.commandLine(), "fleet", "--repeats", a.toString(), big.toString(), "-o", out.toString());
        assertEquals(2, c.status());
        assertTrue(c.err().contains("one host, JDK and core budget") && c.err().contains("4 (" + big) && c.err().contains("Drop --repeats"),
                c.err());
    }
}
