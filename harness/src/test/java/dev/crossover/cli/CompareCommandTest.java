package dev.crossover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crossover compare} as a user runs it: exit statuses, messages, the three output files. */
class CompareCommandTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(CompareCommandTest.class.getResource("/compare/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void regressionExitsOneAndWritesAllThreeOutputs() throws IOException {
        CliCapture r = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("head-1.37.json").toString(),
                "--out", tmp.toString());
        assertEquals(ExitCodes.REGRESSION, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("REGRESSION dev.crossover.bench.CpuBoundBench.poolSweep [thrpt] {executor=THREADS"), r.out());
        assertTrue(r.out().contains("REGRESSION dev.crossover.bench.RoundTripBench.shmSpin [avgt]"), r.out());
        String md = Files.readString(tmp.resolve("regression.md"));
        // worst first: the two regressions lead the table
        String table = md.substring(md.indexOf("|---"));
        assertTrue(table.indexOf("regression") < table.indexOf("improvement"), md);
        assertTrue(md.contains("added") && md.contains("removed"), md);
        String junit = Files.readString(tmp.resolve("junit.xml"));
        assertTrue(junit.contains("failures=\"2\""), junit);
        assertTrue(junit.contains("name=\"poolSweep [thrpt] {executor=THREADS, poolSize=2, taskUnits=1000}\""), junit);
        // well-formed, and its counts agree with its test cases: what a CI test tab parses
        try {
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(tmp.resolve("junit.xml").toFile());
            org.w3c.dom.Element suite = doc.getDocumentElement();
            assertEquals("testsuite", suite.getTagName());
            assertEquals(suite.getElementsByTagName("testcase").getLength(), Integer.parseInt(suite.getAttribute("tests")));
            assertEquals(2, suite.getElementsByTagName("failure").getLength());
            assertEquals(suite.getElementsByTagName("skipped").getLength(), Integer.parseInt(suite.getAttribute("skipped")));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError("junit.xml does not parse: " + e.getMessage() + "\n" + junit, e);
        }
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("compare.json").toFile());
        assertEquals(1, json.get("formatVersion").asInt());
        assertTrue(json.get("regression").asBoolean());
        assertEquals(1, json.get("counts").get("added").asInt());
        assertEquals(1, json.get("counts").get("removed").asInt());
    }

    @Test
    void realJmhOutputIncludingSampleModeIsCompared() throws IOException {
        // real-tiny-*.json: two runs of a tiny JMH 1.37 benchmark (thrpt, avgt, sample; -f 3 -i 3 -prof gc)
        // on a loaded 2-core machine: large fork-to-fork noise, which must be named, not called a regression
        CliCapture r = CliCapture.run("compare", fixture("real-tiny-a.json").toString(), fixture("real-tiny-b.json").toString(),
                "-o", tmp.toString());
        assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("compare.json").toFile());
        assertEquals(3, json.get("results").size());
        for (JsonNode m : json.get("results")) {
            assertEquals(3, m.get("baseForks").asInt(), m.toString());
            assertTrue(m.get("ratio").isNumber() && m.get("p").isNumber(), m.toString());
        }
        long allocNorm = 0;
        for (JsonNode s : json.get("secondary")) {
            allocNorm += s.get("metric").asText().equals("gc.alloc.rate.norm") ? 1 : 0;
        }
        assertEquals(3, allocNorm);
        assertTrue(Files.readString(tmp.resolve("regression.md")).contains("high CV between forks"));
    }

    @Test
    void theSameFileTwiceIsRefusedUnlessAllowedAndThenExitsZero() throws IOException {
        CliCapture same = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("base-1.37.json").toString(),
                "-o", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, same.status(), same.out() + same.err());
        assertTrue(same.err().contains("are the same file") && same.err().contains("--allow-same"), same.err());
        Path copy = Files.copy(fixture("base-1.37.json"), tmp.resolve("copy.json"));
        CliCapture copied = CliCapture.run("compare", fixture("base-1.37.json").toString(), copy.toString(), "-o", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, copied.status(), copied.out() + copied.err());
        assertTrue(copied.err().contains("byte for byte the same"), copied.err());
        CliCapture r = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("base-1.37.json").toString(),
                "-o", tmp.toString(), "--allow-same");
        assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("0 regression(s)"), r.out());
    }

    @Test
    void allocationRegressionGatesOnlyWhenAsked() throws IOException {
        // head halves THREADS' throughput budget elsewhere; raise its threshold so only allocation can gate
        Path th = tmp.resolve("t.properties");
        Files.writeString(th, "# test\nCpuBoundBench.poolSweep.*THREADS = 50%\nshmSpin = 50%\n");
        CliCapture without = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("head-1.37.json").toString(),
                "-o", tmp.toString(), "--thresholds", th.toString());
        assertEquals(ExitCodes.OK, without.status(), without.out() + without.err());
        CliCapture with = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("head-1.37.json").toString(),
                "-o", tmp.toString(), "--thresholds", th.toString(), "--gate-alloc");
        assertEquals(ExitCodes.REGRESSION, with.status(), with.out() + with.err());
        assertTrue(with.out().contains("executor=VIRTUAL") && with.out().contains("gc.alloc.rate.norm: +100"), with.out());
    }

    @Test
    void jmh136SecondaryNamesPairWith137() throws IOException {
        CliCapture r = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("head-1.36.json").toString(),
                "-o", tmp.toString(), "--gate-alloc");
        assertEquals(ExitCodes.REGRESSION, r.status(), r.out() + r.err());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("compare.json").toFile());
        boolean allocCompared = false;
        for (JsonNode s : json.get("secondary")) {
            allocCompared |= s.get("metric").asText().equals("gc.alloc.rate.norm") && s.get("verdict").asText().equals("regression");
        }
        assertTrue(allocCompared, "the 1.36 '\u00b7gc.alloc.rate.norm' must pair with 1.37 'gc.alloc.rate.norm'");
        assertTrue(Files.readString(tmp.resolve("regression.md")).contains("JMH version: base 1.37 vs head 1.36"));
    }

    @Test
    void badFilesExitTwoNamingFileAndProblem() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        String[][] cases = {
                {fixture("malformed.json").toString(), "is not valid JSON"},
                {fixture("not-jmh.json").toString(), "is not JMH output"},
                {empty.toString(), "is empty"},
                {tmp.resolve("missing.json").toString(), "no such file"},
                {tmp.toString(), "without jmh.json"},
        };
        for (String[] c : cases) {
            CliCapture r = CliCapture.run("compare", fixture("base-1.37.json").toString(), c[0], "-o", tmp.resolve("out").toString());
            assertEquals(ExitCodes.BAD_INPUT, r.status(), c[0]);
            assertTrue(r.err().contains(c[0]) && r.err().contains(c[1]), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void badOptionsExitTwo() {
        CliCapture r = CliCapture.run("compare", fixture("base-1.37.json").toString(), fixture("head-1.37.json").toString(),
                "--threshold", "lots");
        assertEquals(ExitCodes.BAD_INPUT, r.status());
        assertTrue(r.err().contains("'lots'"), r.err());
        assertEquals(ExitCodes.BAD_INPUT, CliCapture.run("compare", fixture("base-1.37.json").toString()).status());
    }

    @Test
    void oneForkIsInconclusiveAndMissingRawDataIsRefused() throws IOException {
        CliCapture r = CliCapture.run("compare", fixture("one-fork.json").toString(), fixture("one-fork.json").toString(),
                "-o", tmp.toString(), "--allow-same");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        String md = Files.readString(tmp.resolve("regression.md"));
        assertTrue(md.contains("inconclusive") && md.contains("one fork") && md.contains("NaN"), md);
        CliCapture nr = CliCapture.run("compare", fixture("no-rawdata.json").toString(), fixture("base-1.37.json").toString(),
                "-o", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, nr.status(), nr.err());
        assertTrue(nr.err().contains("no-rawdata.json: result #0 (dev.crossover.bench.CpuBoundBench.poolSweep), field "
                + "'primaryMetric.rawData': expected per fork, the measured iterations"), nr.err());
    }

    @Test
    void runDirectoriesWithDifferentSetupsAreNotComparable() throws IOException {
        Path a = runDir("a", "25.0.1", 2);
        Path b = runDir("b", "25.0.2", 4);
        CliCapture r = CliCapture.run("compare", a.toString(), b.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("not comparable") && r.err().contains("jdk.version: base 25.0.1 vs head 25.0.2")
                && r.err().contains("cpuBudget.cores: base 2 vs head 4"), r.err());
        assertTrue(Files.readString(b.resolve("regression.md")).contains("Not comparable"));
        CliCapture allowed = CliCapture.run("compare", a.toString(), b.toString(), "--allow-different");
        assertEquals(ExitCodes.REGRESSION, allowed.status(), allowed.out() + allowed.err());
        assertTrue(allowed.out().contains("setups differ"), allowed.out());
    }

    @Test
    void jmhSettingsDifferencesAreListed() throws IOException {
        Path head = tmp.resolve("head-10it.json");
        Files.writeString(head, Files.readString(fixture("head-1.37.json"))
                .replace("\"measurementIterations\": 5", "\"measurementIterations\": 10"));
        CliCapture r = CliCapture.run("compare", fixture("base-1.37.json").toString(), head.toString(), "-o", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("measurement iterations: base 5 vs head 10 (5 benchmarks)"), r.err());
    }

    @Test
    void blessStoresTheRunUnderItsMachineKey() throws IOException {
        Path run = runDir("a", "25.0.1", 2);
        CliCapture r = CliCapture.run("compare", "bless", run.toString(), "--baselines", tmp.resolve("baseline").toString());
        assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
        try (var s = Files.list(tmp.resolve("baseline"))) {
            Path stored = s.findFirst().orElseThrow();
            assertTrue(stored.getFileName().toString().startsWith("quick-25.0.1-2c-"), stored.toString());
            assertTrue(Files.exists(stored.resolve("jmh-cpu.json")) && Files.exists(stored.resolve("metadata.json")));
        }
        CliCapture missing = CliCapture.run("compare", "bless", tmp.resolve("nope").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("nope") && missing.err().contains("no such file"), missing.err());
    }

    private Path runDir(String name, String jdk, int cores) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.copy(fixture(name.equals("a") ? "base-1.37.json" : "head-1.37.json"), d.resolve("jmh-cpu.json"));
        Files.writeString(d.resolve("metadata.json"), """
                {"formatVersion":1,"preset":"quick","commit":"abc","jdk":{"version":"%s","vendor":"Eclipse Adoptium"},
                 "jvmArgs":["-Xmx512m"],"childJvmArgs":[],"cpuModel":"AMD EPYC","cpuBudget":{"cores":%d}}
                """.formatted(jdk, cores));
        return d;
    }
}
