package dev.crossover.run;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JMH's human-readable output goes to the run log (the delegate); each configuration's start also
 * prints one progress line on the console.
 */
final class ProgressOutputFormat implements OutputFormat {

    private final OutputFormat log;
    private final PrintStream console;
    private final Progress progress;
    private final int group;
    private final int groups;
    private final String name;
    private final int configs;
    private final double estimatePerConfig;
    private final double doneBefore;
    private int config;
    private boolean inFailure;
    private String firstFailure;
    private String current = "";
    /** Per failed configuration: the first line of its first failure, and how many forks failed. */
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Map<String, Integer> failedForks = new LinkedHashMap<>();

    ProgressOutputFormat(OutputFormat log, PrintStream console, Progress progress, int group, int groups,
                         SweepPlan.Group g, double doneBefore) {
        this.log = log;
        this.console = console;
        this.progress = progress;
        this.group = group;
        this.groups = groups;
        this.name = g.id();
        this.configs = g.configurations();
        this.estimatePerConfig = g.estimateSeconds() / Math.max(1, g.configurations());
        this.doneBefore = doneBefore;
    }

    /** The first line of the first benchmark failure JMH printed, or null. */
    String firstFailure() {
        return firstFailure;
    }

    /**
     * Every configuration a fork of which failed, in order, each as its params, the forks that failed and
     * the first line of its first failure ({@code client=VIRTUAL rate=5000 (2 forks): java.lang.IllegalStateException: …}),
     * so a report tells one failure's cause from another's.
     */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        failed.forEach((config, first) -> {
            int forks = failedForks.get(config);
            out.add(config + " (" + forks + (forks == 1 ? " fork" : " forks") + "): " + first);
        });
        return out;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        progress.done(doneBefore + config * estimatePerConfig);
        config++;
        Map<String, String> shown = new LinkedHashMap<>();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (!name.contains(method)) {
            shown.put("method", method);
        }
        shown.put("mode", params.getMode().shortLabel());
        StringBuilder label = new StringBuilder(shown.containsKey("method") ? method : "");
        for (String k : params.getParamsKeys()) {
            shown.put(k, params.getParam(k));
            label.append(label.isEmpty() ? "" : " ").append(k).append('=').append(params.getParam(k));
        }
        current = label.isEmpty() ? method : label.toString();
        console.println(progress.line(group, groups, name, shown, Math.min(config, configs), configs));
        console.flush();
        log.startBenchmark(params);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        log.endBenchmark(result);
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams i, int n) {
        log.iteration(b, i, n);
    }

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {
        log.iterationResult(b, i, n, r);
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> r) {
        log.endRun(r);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        // JMH prints "<failure>", a blank line, then the exception; keep its first line for failures.json.
        if (s != null && s.contains("<failure>")) {
            inFailure = true;
        } else if (inFailure && s != null && !s.isBlank()) {
            inFailure = false;
            String first = s.strip().lines().findFirst().orElse(s.strip());
            if (firstFailure == null) {
                firstFailure = first;
            }
            failed.putIfAbsent(current, first);
            failedForks.merge(current, 1, Integer::sum);
        }
        log.println(s);
    }

    @Override
    public void flush() {
        log.flush();
    }

    @Override
    public void close() {
        log.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
