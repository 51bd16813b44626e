package dev.crossover.cli;

import dev.crossover.compare.History;
import dev.crossover.report.TrendChart;
import dev.crossover.results.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * {@code crossover trends}: the trend charts of a history file ({@code results/history/<machine>.jsonl}),
 * without a new run: one PNG per benchmark key, score per run with JMH's error, and an index
 * {@code trends.md}. A run draws the same charts into its own directory once its history holds two runs.
 */
@Command(name = "trends", mixinStandardHelpOptions = true,
        description = {"Trend charts of a history file (results/history/<machine>.jsonl, one line per quick or full run):",
                "one PNG per benchmark key and an index trends.md.",
                "Exit status: 0 ok, 2 bad input (no such file, a broken line, no run in it, --include matching no key)."})
public final class TrendsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HISTORY.jsonl", description = "a history file written by 'crossover run'")
    Path history;

    @Option(names = {"-o", "--out"}, defaultValue = "results/trends", paramLabel = "DIR",
            description = "Where to write trends.md and the charts (default: results/trends).")
    Path out;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "Only the benchmark keys this regular expression finds, e.g. 'PoolMapBench.*chunkSize=16\\b'.")
    String include;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!Files.isRegularFile(history)) {
                throw new BadInputException(history, "no history file here; a quick or full run writes one per machine under "
                        + "results/history/ (ls results/history)");
            }
            List<History.Entry> entries = History.read(history);
            if (entries.isEmpty()) {
                throw new BadInputException(history, "holds no run; a quick or full run appends one line");
            }
            List<String> keys = TrendChart.keys(entries);
            if (include != null) {
                Pattern p = pattern(include);
                List<String> all = keys;
                keys = all.stream().filter(k -> p.matcher(k).find()).toList();
                if (keys.isEmpty()) {
                    throw new BadInputException("--include '" + include + "' finds none of the " + all.size() + " keys of "
                            + history + "; keys look like: " + all.stream().limit(3).collect(Collectors.joining("; ")));
                }
            }
            List<Path> charts = TrendChart.drawAll(entries, keys, out);
            Path index = out.resolve("trends.md");
            Files.writeString(index, TrendChart.index(entries, history, charts, ""));
            o.println("crossover trends: " + charts.size() + " charts over " + entries.size() + " run(s)"
                    + (entries.size() < 2 ? " (one run: each chart has one point)" : "") + " in " + index);
            o.flush();
            return ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("crossover trends: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("crossover trends: cannot write to " + out + ": " + e.getMessage() + " (check permissions, or pass --out DIR)");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    private static Pattern pattern(String regex) throws BadInputException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new BadInputException("--include '" + regex + "' is not a regular expression: " + e.getDescription());
        }
    }
}
