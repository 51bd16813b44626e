package dev.crossover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossover.compare.AbRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crossover ab} end to end on a throw-away git repository, with stand-ins for Maven (copies
 * prepared JMH results beside a dummy jar) and for java (hands out one prepared fork per call), so
 * the worktrees, the rounds, the pairing, the report and the clean-up are real and take a second.
 */
class AbCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @AfterAll
    static void noChildProcessesLeft() {
        assertEquals(0, ProcessHandle.current().descendants().count(), "ab must not leave processes behind");
    }

    private static void sh(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    /** Writes fork i of each result of a fixture as its own one-fork JMH file, as JMH -f 1 would. */
    private static void splitForks(String fixture, Path dir) throws Exception {
        Files.createDirectories(dir);
        JsonNode all = MAPPER.readTree(CompareCommandTest.fixture(fixture).toFile());
        for (int f = 0; f < 5; f++) {
            ArrayNode out = MAPPER.createArrayNode();
            for (JsonNode r : all) {
                ObjectNode c = r.deepCopy();
                c.put("forks", 1);
                oneFork((ObjectNode) c.get("primaryMetric"), f);
                c.get("secondaryMetrics").forEach(m -> oneFork((ObjectNode) m, 0));
                out.add(c);
            }
            MAPPER.writeValue(dir.resolve("result-" + f + ".json").toFile(), out);
        }
    }

    private static void oneFork(ObjectNode metric, int f) {
        JsonNode fork = metric.get("rawData").get(f);
        metric.putArray("rawData").add(fork);
    }

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        sh(repo, "git", "init", "-q");
        splitForks("base-1.37.json", repo.resolve("fake"));
        sh(repo, "git", "add", "-A");
        sh(repo, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "A");
        splitForks("head-1.37.json", repo.resolve("fake"));
        sh(repo, "git", "add", "-A");
        sh(repo, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "B");
        return repo;
    }

    private Path script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private String[] args(Path repo, String a, String b, String out) throws IOException {
        Path mvn = script("mvn", "mkdir -p benchmarks/target && cp fake/*.json benchmarks/target/ && echo jar > benchmarks/target/benchmarks.jar\n");
        Path java = script("java", """
                jar="$2"; d=$(dirname "$jar")
                for a in "$@"; do if [ "$a" = "-l" ]; then echo "Benchmarks:"; echo "dev.crossover.bench.Fake.run"; exit 0; fi; done
                prev=""; out=""
                for a in "$@"; do if [ "$prev" = "-rff" ]; then out="$a"; fi; prev="$a"; done
                n=$(cat "$d/count" 2>/dev/null || echo 0)
                cp "$d/result-$((n % 5)).json" "$out"
                echo $((n + 1)) > "$d/count"
                """);
        return new String[]{"ab", a, b, "--repo", repo.toString(), "--mvn", mvn.toString(), "--jvm", java.toString(),
                "--rounds", "5", "-o", tmp.resolve(out).toString(), "--include", "Fake"};
    }

    private static long worktrees(Path repo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", repo.toString(), "worktree", "list").start();
        long n = new String(p.getInputStream().readAllBytes()).lines().count();
        p.waitFor();
        return n;
    }

    @Test
    void regressionBetweenRevisionsIsFoundAndWorktreesRemoved() throws Exception {
        Path repo = repo();
        CliCapture r = CliCapture.run(args(repo, "HEAD~1", "HEAD", "ab1"));
        assertEquals(ExitCodes.REGRESSION, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("round 5/5"), r.out());
        assertTrue(r.out().contains("REGRESSION dev.crossover.bench.RoundTripBench.shmSpin"), r.out());
        String md = Files.readString(tmp.resolve("ab1/regression.md"));
        assertTrue(md.contains("paired t on log fork-mean differences") || md.contains("Rounds pair the forks"), md);
        JsonNode json = MAPPER.readTree(tmp.resolve("ab1/compare.json").toFile());
        assertTrue(json.get("options").get("paired").asBoolean());
        assertEquals(5, json.get("results").get(0).get("baseForks").asInt(), "forks = rounds");
        assertEquals(1, worktrees(repo), "temporary worktrees removed");
        assertEquals(10, Files.list(tmp.resolve("ab1/raw")).count(), "one JMH file per side and round");
    }

    @Test
    void sameRevisionIsAnAaRunWithoutRegression() throws Exception {
        Path repo = repo();
        CliCapture r = CliCapture.run(args(repo, "HEAD", "HEAD", "ab2"));
        assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("an A/A run, built once"), r.out());
        assertEquals(1, worktrees(repo));
    }

    @Test
    void unknownRevisionAndNonRepositoryExitTwo() throws Exception {
        Path repo = repo();
        CliCapture r = CliCapture.run(args(repo, "no-such-branch", "HEAD", "ab3"));
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("revision 'no-such-branch' is not a commit"), r.err());
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        CliCapture n = CliCapture.run(args(plain, "HEAD~1", "HEAD", "ab4"));
        assertEquals(ExitCodes.BAD_INPUT, n.status(), n.out() + n.err());
        assertTrue(n.err().contains("rev-parse --show-toplevel failed"), n.err());
    }

    @Test
    void scheduleIsBalancedShuffledAndSeeded() {
        List<AbRunner.Side[]> s = AbRunner.schedule(200, 42);
        Map<AbRunner.Side, Integer> first = new EnumMap<>(AbRunner.Side.class);
        for (AbRunner.Side[] round : s) {
            assertEquals(2, round.length);
            assertTrue(round[0] != round[1], "each round runs A and B once");
            first.merge(round[0], 1, Integer::sum);
        }
        assertTrue(first.get(AbRunner.Side.A) > 70 && first.get(AbRunner.Side.B) > 70, "both orders occur: " + first);
        List<String> again = new ArrayList<>();
        AbRunner.schedule(200, 42).forEach(r -> again.add(r[0].name()));
        List<String> once = new ArrayList<>();
        s.forEach(r -> once.add(r[0].name()));
        assertEquals(once, again, "seeded");
    }
}
