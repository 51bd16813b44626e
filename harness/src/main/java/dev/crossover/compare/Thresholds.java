package dev.crossover.compare;

import dev.crossover.results.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The smallest change worth reporting, per benchmark. A file of lines {@code REGEX = 5%} (or
 * {@code = 0.05}); the first regex found in a result's key ({@code benchmark [mode] {params}})
 * wins; {@code default = 3%} sets the rest; {@code #} starts a comment.
 */
public record Thresholds(double defaultThreshold, List<Rule> rules) {

    /** The default when nothing else is set: 5%. */
    public static final double DEFAULT = 0.05;

    /** One line of the file. */
    public record Rule(Pattern pattern, double threshold) {
    }

    public Thresholds {
        rules = List.copyOf(rules);
    }

    /** The same threshold for every benchmark. */
    public static Thresholds uniform(double threshold) {
        return new Thresholds(threshold, List.of());
    }

    /** The threshold for a result key. */
    public double forKey(String key) {
        for (Rule r : rules) {
            if (r.pattern().matcher(key).find()) {
                return r.threshold();
            }
        }
        return defaultThreshold;
    }

    /** Reads a thresholds file; {@code fallback} applies to what no line matches unless the file sets {@code default}. */
    public static Thresholds load(Path file, double fallback) throws BadInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the thresholds file: " + e.getMessage(), e);
        }
        double def = fallback;
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.lastIndexOf('=');
            if (eq <= 0) {
                throw new BadInputException(file, "line " + (i + 1) + ": expected 'REGEX = 5%', found '" + line + "'");
            }
            String lhs = line.substring(0, eq).strip();
            double t = parse(line.substring(eq + 1).strip(), file, i + 1);
            if (lhs.equals("default")) {
                def = t;
                continue;
            }
            try {
                rules.add(new Rule(Pattern.compile(lhs), t));
            } catch (PatternSyntaxException e) {
                throw new BadInputException(file, "line " + (i + 1) + ": '" + lhs + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new Thresholds(def, rules);
    }

    /** Parses {@code 5%} or {@code 0.05}. */
    public static double parse(String text, Path file, int line) throws BadInputException {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).strip() : t);
            v = percent ? v / 100 : v;
            if (!(v >= 0) || v >= 10) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            String where = file == null ? "" : file + ": line " + line + ": ";
            throw new BadInputException(where + "threshold '" + text + "' is not a fraction like 5% or 0.05");
        }
    }
}
