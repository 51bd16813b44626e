package dev.crossover.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every kind of malformed JMH result, fed to each command that reads results: exit 2 and one message that
 * names the file, the result's index and benchmark, the field and what was expected; never a stack trace,
 * never exit 1 (which compare reserves for a regression).
 */
class BadInputTest {

    private static final Path GOOD = Path.of("src/test/resources/compare/base-1.37.json");

    @TempDir
    Path tmp;

    /** One valid avgt result with {@code primaryMetric} fields replaced by {@code metric}. */
    private static String result(String benchmark, String mode, String metric) {
        return "{\"benchmark\": " + benchmark + ", \"mode\": " + mode + ", \"forks\": 2, \"params\": {\"n\": \"1\"}, "
                + "\"primaryMetric\": {" + metric + "}}";
    }

    private static final String OK_METRIC = "\"score\": 1.5, \"scoreError\": 0.1, \"scoreUnit\": \"us/op\", "
            + "\"rawData\": [[1.4, 1.6], [1.5, 1.5]]";

    /** Name → (file content, what the message must say). */
    private static Map<String, String[]> cases() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("no-dot", new String[]{"[{\"benchmark\":\"x\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1}}]",
                "result #0 (x), field 'benchmark': expected a class and a method"});
        m.put("histogram-without-count", new String[]{"[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"primaryMetric\":"
                + "{\"score\":1,\"scoreUnit\":\"us/op\",\"rawDataHistogram\":[[[[1.0]]]]}}]",
                "result #0 (a.B.c), field 'primaryMetric.rawDataHistogram[0][0][0]': expected a [value, count] pair, found [1.0]"});
        m.put("zero-count", new String[]{"[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"primaryMetric\":"
                + "{\"score\":1,\"scoreUnit\":\"us/op\",\"rawDataHistogram\":[[[[1.0, 0]]]]}}]",
                "field 'primaryMetric.rawDataHistogram[0][0][0][1]': expected the count of samples of that value, a whole number ≥ 1, found 0"});
        for (String s : new String[]{"NaN", "Infinity", "-Infinity"}) {
            m.put("score-" + s, new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", OK_METRIC.replace("\"score\": 1.5", "\"score\": \"" + s + "\"")) + "]",
                    "result #0 (a.B.c), field 'primaryMetric.score': expected a finite number, found \"" + s + "\""});
        }
        m.put("score-overflow", new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", OK_METRIC.replace("\"score\": 1.5", "\"score\": 1e400")) + "]",
                "field 'primaryMetric.score': expected a finite number"});
        m.put("raw-infinity", new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", OK_METRIC.replace("1.6]", "\"Infinity\"]")) + "]",
                "field 'primaryMetric.rawData[0][1]': expected a finite number, found \"Infinity\""});
        m.put("no-raw-data", new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", "\"score\": 1.5, \"scoreUnit\": \"us/op\"") + "]",
                "field 'primaryMetric.rawData': expected per fork, the measured iterations"});
        m.put("unknown-mode", new String[]{"[" + result("\"a.B.c\"", "\"fast\"", OK_METRIC) + "]",
                "result #0 (a.B.c), field 'mode': expected one of JMH's modes thrpt, avgt, sample, ss, found \"fast\""});
        m.put("unit-against-mode", new String[]{"[" + result("\"a.B.c\"", "\"thrpt\"", OK_METRIC) + "]",
                "field 'primaryMetric.scoreUnit': expected an operations-per-time unit for mode thrpt"});
        m.put("units-disagree", new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", OK_METRIC) + ","
                + result("\"a.B.c\"", "\"avgt\"", OK_METRIC.replace("us/op", "ms/op")) + "]",
                "result #1 (a.B.c), field 'primaryMetric.scoreUnit': expected \"us/op\", the unit of an earlier result"});
        m.put("negative-score", new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", OK_METRIC.replace("\"score\": 1.5", "\"score\": -2")) + "]",
                "field 'primaryMetric.score': expected a number ≥ 0"});
        m.put("second-result-broken", new String[]{"[" + result("\"a.B.c\"", "\"avgt\"", OK_METRIC) + ", 7]",
                "result #1: expected a JSON object"});
        m.put("not-an-array", new String[]{"{\"results\": []}", "is not JMH output: expected a JSON array"});
        m.put("bare-nan", new String[]{"NaN", "is not valid JSON"});
        return m;
    }

    @Test
    void eachKindOfBadResultIsRefusedByEveryCommandWithTheSameMessage() throws IOException {
        for (Map.Entry<String, String[]> c : cases().entrySet()) {
            Path f = tmp.resolve(c.getKey() + ".json");
            Files.writeString(f, c.getValue()[0]);
            String expected = f + ": ";
            String[][] commands = {
                    {"report", f.toString(), "--out", tmp.resolve("out").toString()},
                    {"advise", "--compute", "200us", f.toString()},
                    {"compare", GOOD.toString(), f.toString(), "-o", tmp.resolve("out").toString()},
                    {"compare", f.toString(), GOOD.toString(), "-o", tmp.resolve("out").toString()}};
            for (String[] args : commands) {
                CliCapture r = CliCapture.run(args);
                String what = c.getKey() + " via " + args[0] + ": " + r.err();
                assertEquals(ExitCodes.BAD_INPUT, r.status(), what);
                assertTrue(r.err().contains(expected) && r.err().contains(c.getValue()[1]), what);
                assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + what);
                assertEquals(1, r.err().strip().lines().count(), "one line: " + what);
            }
        }
    }

    @Test
    void aFileThatIsNotUtf8SaysSoAndWhere() throws IOException {
        Path f = tmp.resolve("latin1.json");
        Files.write(f, "[{\"benchmark\": \"a.Caf\u00e9.b\"}]".getBytes(StandardCharsets.ISO_8859_1));
        CliCapture r = CliCapture.run("report", f.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status());
        assertTrue(r.err().contains(f + ": is not UTF-8 text: the byte at offset 21 (0xe9)"), r.err());
        assertFalse(r.err().contains("Input length"), r.err());
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path f = Files.copy(GOOD, tmp.resolve("secret.json"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("-w-------"));
        CliCapture r = CliCapture.run("report", f.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status());
        assertTrue(r.err().contains(f + ": permission denied"), r.err());
    }

    @Test
    void aDurationThatOverflowsIsRefused() {
        CliCapture r = CliCapture.run("advise", "--compute", "1e400us", GOOD.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("--compute '1e400us' is too large to be a duration"), r.err());
    }

    @Test
    void compareRefusesInputsThatCompareNothing() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "[]");
        CliCapture e = CliCapture.run("compare", GOOD.toString(), empty.toString(), "-o", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, e.status());
        assertTrue(e.err().contains("HEAD " + empty + " holds no results"), e.err());
        Path other = Files.writeString(tmp.resolve("other.json"), "[" + result("\"org.other.Bench.m\"", "\"avgt\"", OK_METRIC) + "]");
        CliCapture d = CliCapture.run("compare", GOOD.toString(), other.toString(), "-o", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, d.status());
        assertTrue(d.err().contains("share no benchmark") && d.err().contains("only in head: 1 (org.other.Bench.m [avgt] {n=1})"), d.err());
        assertFalse(Files.exists(tmp.resolve("regression.md")), "no report that says \"No regression\"");
    }

    @Test
    void theRegressionReportSaysHowManyWereComparedAndListsTheDropped() throws IOException {
        Path head = tmp.resolve("head.json");
        String text = Files.readString(GOOD);
        // drop the first result from HEAD: it is compared by neither side
        var tree = (com.fasterxml.jackson.databind.node.ArrayNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        String droppedName = tree.get(0).get("benchmark").asText();
        tree.remove(0);
        Files.writeString(head, tree.toString());
        CliCapture r = CliCapture.run("compare", GOOD.toString(), head.toString(), "-o", tmp.toString());
        assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
        String md = Files.readString(tmp.resolve("regression.md"));
        int n = tree.size();
        assertTrue(md.contains("Compared " + n + " benchmarks present in both runs; 1 dropped (only in one run):"), md);
        assertTrue(md.contains("- `" + droppedName), md);
        assertTrue(r.out().contains("Compared " + n + " benchmarks"), r.out());
    }
}
