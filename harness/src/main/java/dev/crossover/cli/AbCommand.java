package dev.crossover.cli;

import dev.crossover.compare.AbRunner;
import dev.crossover.compare.Comparison;
import dev.crossover.results.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crossover ab REV_A REV_B}: same-machine A/B of two git revisions, fork by fork, interleaved. */
@Command(name = "ab", mixinStandardHelpOptions = true,
        description = {"Builds both revisions' benchmarks.jar in temporary git worktrees, runs them interleaved",
                "(each round one fork of each, in a shuffled order) and compares them with paired statistics.",
                "Exit status: 0 no regression of B against A, 1 regression, 2 bad input or not comparable, 3 build or run failure."})
public final class AbCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REV_A", description = "The base revision (branch, tag, hash), e.g. origin/main.")
    String revA;

    @Parameters(index = "1", paramLabel = "REV_B", description = "The revision to judge, e.g. HEAD.")
    String revB;

    @Option(names = "--rounds", defaultValue = "6", description = "Rounds; each runs one fork of A and one of B (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--include", defaultValue = ".*", paramLabel = "REGEX",
            description = "JMH benchmark include regex (default: all; narrow it, a round runs every match once per side).")
    String include;

    @Option(names = "--jmh", paramLabel = "OPTS", defaultValue = "",
            description = "Extra JMH options for every invocation, e.g. \"-wi 3 -w 1s -i 5 -r 1s\".")
    String jmh;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "A directory in the git repository (default: the working directory).")
    Path repo;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Report directory (default results/ab/<timestamp>).")
    Path out;

    @Option(names = "--jvm", paramLabel = "JAVA", description = "Java binary for the benchmarks (default: the one running this command).")
    String jvm;

    @Option(names = "--mvn", paramLabel = "CMD", defaultValue = "mvn", description = "Maven command (default ${DEFAULT-VALUE}).")
    String mvn;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the shuffled order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-worktrees", description = "Leave the temporary worktrees in place (for debugging a build).")
    boolean keepWorktrees;

    @Mixin
    CompareSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            var options = settings.toOptions(true, o);
            Path dir = out != null ? out : Path.of("results", "ab",
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            String java = jvm != null ? jvm : ProcessHandle.current().info().command().orElse("java");
            List<String> jmhArgs = jmh.isBlank() ? List.of() : Arrays.asList(jmh.strip().split("\\s+"));
            AbRunner runner = new AbRunner(new AbRunner.Config(repo, revA, revB, rounds, include, jmhArgs, java, mvn,
                    dir, seed, keepWorktrees, options), o);
            Comparison c = runner.run();
            return CompareCommand.report(c, dir, o, err);
        } catch (BadInputException e) {
            err.println("crossover ab: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (AbRunner.RunFailedException e) {
            err.println("crossover ab: " + e.getMessage());
            return ExitCodes.BENCHMARK_ERROR;
        } catch (IOException e) {
            err.println("crossover ab: " + e.getMessage());
            return ExitCodes.BENCHMARK_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("crossover ab: interrupted");
            return ExitCodes.BENCHMARK_ERROR;
        }
    }
}
