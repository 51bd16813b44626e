package dev.crossover.compare;

import dev.crossover.results.BadInputException;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.JmhJson;
import dev.crossover.results.RunData;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Same-machine A/B: builds two revisions' {@code benchmarks.jar} in temporary git worktrees, runs
 * them fork by fork in rounds (each round one fork of A and one of B, in a shuffled order), so that
 * whatever the machine does meanwhile (other jobs, thermal state) hits both alike; then compares
 * them pairing the forks of each round. The worktrees are removed afterwards, also on failure.
 */
public final class AbRunner {

    /** The two sides. */
    public enum Side { A, B }

    /**
     * What to run.
     *
     * @param repo     a directory inside the git repository
     * @param jmhArgs  extra JMH options for every invocation (e.g. {@code -wi 3 -i 5})
     * @param java     the java binary that runs the benchmark jars
     * @param mvn      the Maven command
     * @param out      where the report and the raw JMH files go
     */
    public record Config(Path repo, String revA, String revB, int rounds, String include, List<String> jmhArgs,
                         String java, String mvn, Path out, long seed, boolean keepWorktrees, CompareOptions options) {
    }

    /** A build or benchmark run failed (exit status 3); the message names the log. */
    public static final class RunFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RunFailedException(String message) {
            super(message);
        }
    }

    private final Config cfg;
    private final PrintWriter log;
    private final List<Path> worktrees = new ArrayList<>();
    private Path gitRoot;
    private volatile Process current;

    public AbRunner(Config cfg, PrintWriter log) {
        // JMH runs in a temporary directory: a relative report path would land there and vanish
        this.cfg = new Config(cfg.repo(), cfg.revA(), cfg.revB(), cfg.rounds(), cfg.include(), cfg.jmhArgs(), cfg.java(),
                cfg.mvn(), cfg.out().toAbsolutePath().normalize(), cfg.seed(), cfg.keepWorktrees(), cfg.options());
        this.log = log;
    }

    /** Round by round, the order in which the sides run: each round holds A and B once, shuffled (seeded). */
    public static List<Side[]> schedule(int rounds, long seed) {
        Random rnd = new Random(seed);
        List<Side[]> out = new ArrayList<>(rounds);
        for (int r = 0; r < rounds; r++) {
            out.add(rnd.nextBoolean() ? new Side[]{Side.A, Side.B} : new Side[]{Side.B, Side.A});
        }
        return out;
    }

    /** Builds, runs, compares; the worktrees are gone when this returns or throws. */
    public Comparison run() throws BadInputException, RunFailedException, IOException, InterruptedException {
        if (cfg.rounds() < 2) {
            throw new BadInputException("--rounds " + cfg.rounds() + ": need at least 2 rounds (pairs) to judge; 5 or more is better");
        }
        gitRoot = Path.of(git(cfg.repo(), "rev-parse", "--show-toplevel").strip());
        String shaA = resolve(cfg.revA());
        String shaB = resolve(cfg.revB());
        Path tmp = Files.createTempDirectory("crossover-ab-");
        Thread cleanup = new Thread(() -> cleanUp(tmp), "crossover-ab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Map<Side, Path> jars = new LinkedHashMap<>();
            jars.put(Side.A, build(tmp, "a", shaA));
            jars.put(Side.B, shaB.equals(shaA) ? jars.get(Side.A) : build(tmp, "b", shaB));
            if (shaA.equals(shaB)) {
                log.println("A and B are the same commit " + shaA.substring(0, 12) + ": an A/A run, built once");
            }
            for (Side s : Side.values()) {
                String listed = runForOutput(List.of(cfg.java(), "-jar", jars.get(s).toString(), "-l", cfg.include()), tmp);
                if (listed.lines().skip(1).noneMatch(l -> !l.isBlank())) {
                    throw new BadInputException("--include '" + cfg.include() + "' matches no benchmark of " + s + " ("
                            + (s == Side.A ? cfg.revA() : cfg.revB()) + "); list them with java -jar benchmarks.jar -l");
                }
            }
            Files.createDirectories(cfg.out().resolve("raw"));
            List<Side[]> plan = schedule(cfg.rounds(), cfg.seed());
            Map<Side, List<List<BenchmarkResult>>> rounds = new LinkedHashMap<>();
            rounds.put(Side.A, new ArrayList<>());
            rounds.put(Side.B, new ArrayList<>());
            Path jmhLog = cfg.out().resolve("jmh.log");
            for (int r = 0; r < plan.size(); r++) {
                log.printf("round %d/%d: %s then %s%n", r + 1, plan.size(), plan.get(r)[0], plan.get(r)[1]);
                log.flush();
                for (Side s : plan.get(r)) {
                    Path json = cfg.out().resolve("raw").resolve("round" + (r + 1) + "-" + s + ".json");
                    List<String> cmd = new ArrayList<>(List.of(cfg.java(), "-jar", jars.get(s).toString(), cfg.include(),
                            "-f", "1", "-rf", "json", "-rff", json.toString()));
                    cmd.addAll(cfg.jmhArgs());
                    int status = exec(cmd, tmp, jmhLog);
                    if (status != 0 || !Files.isRegularFile(json)) {
                        throw new RunFailedException("JMH for " + s + " failed in round " + (r + 1) + " (exit " + status
                                + "); see " + jmhLog);
                    }
                    rounds.get(s).add(JmhJson.read(json));
                }
            }
            List<RunData> sides = pairRounds(rounds.get(Side.A), rounds.get(Side.B),
                    Path.of(cfg.revA() + " (" + shaA.substring(0, 12) + ")"), Path.of(cfg.revB() + " (" + shaB.substring(0, 12) + ")"));
            return GridComparison.compare(sides.get(0), sides.get(1), cfg.options().withPaired(true));
        } finally {
            cleanUp(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    /**
     * Merges each side's rounds into one result per key whose forks are the rounds, in order; only
     * rounds in which both sides produced the key are kept, so fork i of A pairs with fork i of B.
     */
    public static List<RunData> pairRounds(List<List<BenchmarkResult>> a, List<List<BenchmarkResult>> b,
                                           Path nameA, Path nameB) {
        int n = Math.min(a.size(), b.size());
        Map<String, BenchmarkResult> mergedA = new LinkedHashMap<>();
        Map<String, BenchmarkResult> mergedB = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        List<Map<String, BenchmarkResult>> ia = new ArrayList<>();
        List<Map<String, BenchmarkResult>> ib = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ia.add(GridComparison.index(a.get(r)));
            ib.add(GridComparison.index(b.get(r)));
            keys.addAll(ia.get(r).keySet());
            keys.addAll(ib.get(r).keySet());
        }
        for (String k : keys) {
            boolean everBoth = false;
            for (int q = 0; q < n; q++) {
                everBoth |= ia.get(q).containsKey(k) && ib.get(q).containsKey(k);
            }
            for (int r = 0; r < n; r++) {
                BenchmarkResult ra = ia.get(r).get(k);
                BenchmarkResult rb = ib.get(r).get(k);
                boolean both = ra != null && rb != null;
                // a key only one side has is kept whole (added or removed); a shared key only in shared rounds
                if (ra != null && (both || !everBoth)) {
                    mergedA.merge(k, ra, GridComparison::mergeForks);
                }
                if (rb != null && (both || !everBoth)) {
                    mergedB.merge(k, rb, GridComparison::mergeForks);
                }
            }
        }
        return List.of(RunData.of(nameA, new ArrayList<>(mergedA.values())),
                RunData.of(nameB, new ArrayList<>(mergedB.values())));
    }

    private String resolve(String rev) throws BadInputException {
        try {
            return git(gitRoot, "rev-parse", "--verify", "--quiet", rev + "^{commit}").strip();
        } catch (BadInputException e) {
            throw new BadInputException("revision '" + rev + "' is not a commit of " + gitRoot
                    + "; give a branch, tag or hash (with CI's shallow clones, fetch the full history: fetch-depth 0)");
        }
    }

    private Path build(Path tmp, String name, String sha) throws BadInputException, RunFailedException, IOException,
            InterruptedException {
        Path wt = tmp.resolve(name);
        git(gitRoot, "worktree", "add", "--detach", wt.toString(), sha);
        worktrees.add(wt);
        log.println("building " + sha.substring(0, 12) + " in " + wt);
        log.flush();
        Files.createDirectories(cfg.out());
        Path buildLog = cfg.out().resolve("build-" + name + ".log");
        int status = exec(List.of(cfg.mvn(), "-q", "-B", "package", "-DskipTests", "-pl", "benchmarks", "-am"), wt, buildLog);
        Path jar = wt.resolve("benchmarks/target/benchmarks.jar");
        if (status != 0 || !Files.isRegularFile(jar)) {
            String tail = Files.isRegularFile(buildLog) ? String.join("\n", lastLines(buildLog, 15)) : "";
            throw new RunFailedException("building " + sha.substring(0, 12) + " failed (mvn exit " + status + ")"
                    + (Files.isRegularFile(jar) ? "" : ", no benchmarks/target/benchmarks.jar") + "; " + buildLog + " ends:\n" + tail);
        }
        return jar;
    }

    private static List<String> lastLines(Path f, int n) throws IOException {
        List<String> all = Files.readAllLines(f);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    private int exec(List<String> cmd, Path dir, Path logFile) throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "$ " + String.join(" ", cmd) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        current = p;
        try {
            return p.waitFor();
        } finally {
            kill(p);
            current = null;
        }
    }

    private String runForOutput(List<String> cmd, Path dir) throws IOException, InterruptedException, RunFailedException {
        Path f = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(f.toFile()).start();
        current = p;
        try {
            int status = p.waitFor();
            String text = Files.readString(f);
            if (status != 0) {
                throw new RunFailedException(String.join(" ", cmd) + " failed (exit " + status + "): " + text.strip());
            }
            return text;
        } finally {
            kill(p);
            current = null;
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String git(Path dir, String... args) throws BadInputException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BadInputException("git " + String.join(" ", args) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new BadInputException(dir + ": git " + String.join(" ", args) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new BadInputException("cannot run git (" + e.getMessage() + "); ab needs git on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while running git");
        }
    }

    /** Stops what still runs, removes the worktrees (unless kept) and the temporary directory. */
    private synchronized void cleanUp(Path tmp) {
        Process p = current;
        if (p != null) {
            kill(p);
        }
        if (!cfg.keepWorktrees()) {
            for (Path wt : worktrees) {
                try {
                    git(gitRoot, "worktree", "remove", "--force", wt.toString());
                } catch (BadInputException e) {
                    log.println("could not remove worktree " + wt + ": " + e.getMessage());
                }
            }
            worktrees.clear();
            if (gitRoot != null) {
                try {
                    git(gitRoot, "worktree", "prune");
                } catch (BadInputException e) {
                    // nothing left to prune is fine
                }
            }
            deleteTree(tmp);
        } else if (!worktrees.isEmpty()) {
            log.println("kept worktrees: " + worktrees);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
