package dev.crossover.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report and advise commands as a user meets them: through Main.execute, exit status and messages. */
class CliTest {

    private static final Path RUN = Path.of("src/test/resources/fixtures/run-2core");

    @TempDir
    Path tmp;

    /** Exit status, stdout and stderr of one command. */
    record Outcome(int status, String out, String err) {
        void assertBadInput(String... fragments) {
            assertEquals(ExitCodes.BAD_INPUT, status, err);
            for (String f : fragments) {
                assertTrue(err.contains(f), "stderr lacks '" + f + "': " + err);
            }
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "a user error must not print a stack trace: " + err);
        }
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void missingFileNamesIt() {
        Path missing = tmp.resolve("nope.json");
        run("report", missing.toString()).assertBadInput(missing.toString(), "no such file");
    }

    @Test
    void emptyFileNamesIt() throws Exception {
        Path p = write("empty.json", "");
        run("report", p.toString()).assertBadInput(p.toString(), "is empty");
    }

    @Test
    void malformedJsonNamesTheFileAndLine() throws Exception {
        Path p = write("broken.json", "[{\"benchmark\": \"a.B.c\",\n \"mode\": ");
        run("report", p.toString()).assertBadInput(p.toString(), "is not valid JSON", "line 2");
    }

    @Test
    void jsonThatIsNotJmhOutputIsRefused() throws Exception {
        Path obj = write("object.json", "{\"results\": []}");
        run("report", obj.toString()).assertBadInput(obj.toString(), "is not JMH output");
        Path arr = write("array.json", "[{\"name\": \"x\", \"value\": 1}]");
        run("report", arr.toString()).assertBadInput(arr.toString(), "result #0, field 'benchmark': expected the benchmark's name");
    }

    private static String jmh(String version, String secondaryName, String error, String raw) {
        return """
                [{"jmhVersion": "%s", "benchmark": "org.example.MyBench.run", "mode": "avgt", "threads": 1, "forks": 1,
                  "jvm": "/usr/bin/java", "jvmArgs": [], "jdkVersion": "21", "vmName": "OpenJDK", "vmVersion": "21",
                  "warmupIterations": 1, "warmupTime": "1 s", "measurementIterations": 1, "measurementTime": "1 s",
                  "params": {"size": "10"},
                  "primaryMetric": {"score": 12.5, "scoreError": %s, "scoreConfidence": [%s, %s],
                    "scorePercentiles": {"50.0": 12.5}, "scoreUnit": "us/op", "rawData": [%s]},
                  "secondaryMetrics": {"%s": {"score": 48.0, "scoreError": %s, "scoreUnit": "B/op", "rawData": [%s]}}}]
                """.formatted(version, error, error, error, raw, secondaryName, error, raw);
    }

    @Test
    void jmh136SecondaryMetricsWithTheDotPrefixAreRead() throws Exception {
        Path p = write("jmh136.json", jmh("1.36", "\u00b7gc.alloc.rate.norm", "0.4", "[12.1, 12.9]"));
        Outcome o = run("report", p.toString(), "--out", tmp.resolve("r136").toString());
        assertEquals(ExitCodes.OK, o.status(), o.err());
        String md = Files.readString(tmp.resolve("r136/report.md"));
        assertTrue(md.contains("gc.alloc.rate.norm 48 ± 0.4 B/op"), md);
        assertFalse(md.contains("\u00b7gc"), "the JMH 1.36 prefix must be gone");
        // no metadata.json and no serves map: the report says the machine is unknown and the class feeds no claim
        assertTrue(md.contains("no metadata.json"), md);
        assertTrue(md.contains("MyBench"), md);
    }

    @Test
    void nanErrorsFromOneIterationWarnNamingTheFileAndStillReport() throws Exception {
        Path p = write("one-iteration.json", jmh("1.37", "gc.alloc.rate.norm", "\"NaN\"", "[12.5]"));
        Outcome o = run("report", p.toString());
        assertEquals(ExitCodes.OK, o.status(), o.err());
        assertTrue(o.err().contains(p.toString()) && o.err().contains("no score error"), o.err());
        assertTrue(Files.isRegularFile(tmp.resolve("report.md")), "default output: beside the JSON file");
        assertTrue(Files.readString(tmp.resolve("report.md")).contains("| NaN |"));
    }

    @Test
    void unknownClaimIdsListTheAcceptedOnes() {
        run("report", RUN.toString(), "--claims", "C4,C99", "--out", tmp.toString())
                .assertBadInput("unknown claim or crossover ID(s): C99", "accepted: C1, C2", "X6");
    }

    @Test
    void noRunAtTheDefaultLocationSaysWhatToRun() {
        // the tests run in the harness module, where results/latest does not exist
        run("report").assertBadInput("results/latest", "no run found", "mvn verify -Pbench");
    }

    @Test
    void reportOfTheRecordedRunWritesEveryFileAndPrintsTheAnswers() {
        Outcome o = run("report", RUN.toString(), "--out", tmp.toString(), "--claims", "c4,C6");
        assertEquals(ExitCodes.OK, o.status(), o.err());
        // the recorded run predates SwitchCostBench, the only benchmark C6 reads: not measured, and said so
        assertTrue(o.out().contains("C4: not applicable") && o.out().contains("C6: inconclusive: not measured"), o.out());
        assertFalse(o.out().contains("C10:"), "--claims limits the claims");
        for (String f : new String[]{"report.md", "report.html", "summary.json", "charts/x3-io-concurrency.png"}) {
            assertTrue(Files.isRegularFile(tmp.resolve(f)), f);
        }
    }

    @Test
    void failedGroupsRecordedInMetadataAreListedInTheReport() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        try (var files = Files.list(RUN)) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        String meta = Files.readString(run.resolve("metadata.json"));
        Files.writeString(run.resolve("metadata.json"), meta.replaceFirst("\\{", "{\"failures\": [{\"group\": \"lock\", "
                + "\"error\": \"LockBench.fileLock: java.io.IOException: No locks available\"}],"));
        Outcome o = run("report", run.toString());
        assertEquals(ExitCodes.OK, o.status(), o.err());
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("**Benchmark groups that failed**") && md.contains("- lock: LockBench.fileLock: java.io.IOException: No locks available"), md.substring(0, 800));
    }

    @Test
    void failedGroupsWrittenByTheRunToFailuresJsonAreListedInTheReport() throws Exception {
        Path run = tmp.resolve("run-with-failures");
        Files.createDirectories(run);
        try (var files = Files.list(RUN)) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        Files.writeString(run.resolve("failures.json"), "[{\"group\": \"LockBench\", \"kind\": \"leftover-processes\", "
                + "\"message\": \"1 process left behind: pid 4711\"}]");
        Outcome o = run("report", run.toString());
        assertEquals(ExitCodes.OK, o.status(), o.err());
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("- LockBench (leftover-processes): 1 process left behind: pid 4711"), md.substring(0, 800));
    }

    @Test
    void adviseAnswersFromTheRecordedCurves() {
        Outcome o = run("advise", "--compute", "200us", "--wait", "5ms", RUN.toString());
        assertEquals(ExitCodes.OK, o.status(), o.err());
        assertTrue(o.out().contains("Use "), o.out());
        assertTrue(o.out().contains("wait fraction 0.962"), o.out());
        assertTrue(o.out().contains("How far from the measurements: outside what was measured"), o.out());
        assertTrue(o.out().contains("Throughput: not measured for this task; at most 10000 tasks/s: 2 cores ÷ 200 µs"), o.out());
    }

    @Test
    void theTieThresholdIsAFlagOfAdviseAndReport() {
        assertEquals(ExitCodes.OK, run("advise", "--compute", "100us", "--wait", "900us", "--tie-threshold", "5%", RUN.toString()).status());
        run("advise", "--compute", "100us", "--tie-threshold", "lots", RUN.toString()).assertBadInput("--tie-threshold 'lots'", "2% or 0.02");
        run("report", RUN.toString(), "--out", tmp.toString(), "--tie-threshold", "-1").assertBadInput("--tie-threshold '-1'");
    }

    @Test
    void adviseRefusesABadDuration() {
        run("advise", "--compute", "200us", "--wait", "5 parsecs", RUN.toString()).assertBadInput("'5 parsecs' is not a duration");
        run("advise", RUN.toString()).assertBadInput("--compute and --wait");
    }

    @Test
    void unknownOptionsAreBadInput() {
        Outcome o = run("report", "--colour", "red");
        assertEquals(ExitCodes.BAD_INPUT, o.status());
        assertTrue(o.err().contains("--colour"), o.err());
    }
}
