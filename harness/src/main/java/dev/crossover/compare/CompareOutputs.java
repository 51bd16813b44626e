package dev.crossover.compare;

import dev.crossover.stats.ForkStats;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a {@link Comparison} as {@code regression.md} (for people: PR comments, job summaries),
 * {@code junit.xml} (for CI test tabs: a test case per benchmark and params, a regression fails)
 * and {@code compare.json} (for machines). Each carries format version {@value #FORMAT_VERSION}.
 */
public final class CompareOutputs {

    /** Format version of {@code compare.json} (and stated in the other two). */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CompareOutputs() {
    }

    /** Writes the three files into {@code dir} (created if needed). */
    public static void writeAll(Comparison c, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("regression.md"), markdown(c));
        Files.writeString(dir.resolve("junit.xml"), junit(c));
        Files.writeString(dir.resolve("compare.json"), json(c));
    }

    /** One line for the terminal: the verdict counts. */
    public static String summaryLine(Comparison c) {
        if (!c.comparable()) {
            return "not comparable: " + c.differences().size() + " setup difference(s)";
        }
        return String.format(Locale.ROOT, "%d regression(s), %d improvement(s), %d unchanged, %d inconclusive, %d added, %d removed%s",
                c.count(Verdict.REGRESSION), c.count(Verdict.IMPROVEMENT), c.count(Verdict.NO_CHANGE),
                c.count(Verdict.INCONCLUSIVE), c.count(Verdict.ADDED), c.count(Verdict.REMOVED),
                secondaryFailures(c) > 0 ? "; " + secondaryFailures(c) + " gating secondary regression(s)" : "");
    }

    private static long secondaryFailures(Comparison c) {
        return c.secondary().stream().filter(MetricComparison::failing).count();
    }

    // ---------------------------------------------------------------- Markdown

    /** The report a person reads: verdict first, then the table worst first, then how it was judged. */
    public static String markdown(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- crossover regression report, formatVersion ").append(FORMAT_VERSION).append(" -->\n");
        sb.append("# Performance comparison\n\n");
        sb.append("Base: `").append(c.base()).append("`  \nHead: `").append(c.head()).append("`\n\n");
        if (!c.differences().isEmpty()) {
            sb.append(c.options().allowDifferent()
                    ? "> **Setups differ** (compared anyway, `--allow-different`):\n"
                    : "> **Not comparable.** The runs differ in setup; rerun on the same setup or pass `--allow-different`:\n");
            c.differences().forEach(d -> sb.append(">\n> - ").append(escape(d)).append('\n'));
            sb.append('\n');
            if (!c.comparable()) {
                return sb.toString();
            }
        }
        long reg = c.failures().size();
        sb.append(reg > 0 ? "**" + reg + " gating regression" + (reg == 1 ? "" : "s") + ".** " : "**No regression.** ")
                .append("Scores: ").append(summaryLine(c)).append(".\n\n");
        sb.append(c.coverage()).append(c.dropped().isEmpty() ? ".\n\n" : ":\n\n");
        c.dropped().forEach(d -> sb.append("- `").append(d).append("`\n"));
        if (!c.dropped().isEmpty()) {
            sb.append('\n');
        }
        sb.append("| | benchmark | params | base | head | change (95% CI) | verdict | notes |\n");
        sb.append("|---|---|---|---:|---:|---|---|---|\n");
        for (MetricComparison m : c.primary()) {
            row(sb, m);
        }
        List<MetricComparison> sec = c.secondary().stream()
                .filter(m -> m.verdict() != Verdict.NO_CHANGE).toList();
        if (!c.secondary().isEmpty()) {
            sb.append("\n## Secondary metrics\n\n");
            long unchanged = c.secondary().size() - sec.size();
            if (sec.isEmpty()) {
                sb.append("All ").append(unchanged).append(" secondary comparisons: no change.\n");
            } else {
                sb.append("Changed or inconclusive (").append(unchanged).append(" more unchanged; ")
                        .append(c.options().gateAlloc() ? "`gc.alloc.rate.norm` gates" : "none of these gate")
                        .append("):\n\n");
                sb.append("| | benchmark | params | metric | base | head | change (95% CI) | verdict | notes |\n");
                sb.append("|---|---|---|---|---:|---:|---|---|---|\n");
                for (MetricComparison m : sec) {
                    row(sb, m);
                }
            }
        }
        if (!c.notes().isEmpty()) {
            sb.append("\n");
            c.notes().forEach(n -> sb.append("- ").append(escape(n)).append('\n'));
        }
        sb.append("\n<details><summary>How this was judged</summary>\n\n");
        sb.append(method(c)).append("\n</details>\n");
        return sb.toString();
    }

    private static String method(Comparison c) {
        ForkStats.Prior p = c.prior();
        String mod = !c.options().moderate() ? "Moderation is off: each benchmark's own fork variance."
                : p.df() == 0 ? "Too few benchmarks with two or more forks to moderate variances: each benchmark's own fork variance."
                : String.format(Locale.ROOT, "Fork variances moderated across the grid: prior %s degrees of freedom around a fork CV of %.2f%%.",
                Double.isInfinite(p.df()) ? "infinite" : String.format(Locale.ROOT, "%.1f", p.df()), 100 * Math.sqrt(p.variance()))
                + String.format(Locale.ROOT, " A test's degrees of freedom never exceed the grid's total (%.0f).", p.totalDf());
        return "Each fork is reduced to its mean (iterations of one fork are not independent). "
                + (c.options().paired() ? "Rounds pair the forks of A and B; the test is a t test on the per-round log ratios. "
                : "The test is a t test on log fork means (pooled fork variance); the change is the ratio of geometric means. ")
                + mod + " p values are adjusted by Benjamini–Hochberg across the grid (false discovery rate "
                + GridComparison.pct(c.options().alpha()) + "). A regression or improvement needs an adjusted p ≤ "
                + c.options().alpha() + " and a change beyond the benchmark's threshold (default "
                + GridComparison.pct(c.options().thresholds().defaultThreshold()) + "). "
                + "\"needs N forks\" is what a 5% two-sided t test with 80% power would need to resolve the threshold at the observed fork variance.";
    }

    private static void row(StringBuilder sb, MetricComparison m) {
        String icon = switch (m.verdict()) {
            case REGRESSION -> m.gating() ? "❌" : "⚠️";
            case IMPROVEMENT -> "✅";
            case INCONCLUSIVE -> "❔";
            case ADDED, REMOVED -> "➖";
            case NO_CHANGE -> "";
        };
        sb.append("| ").append(icon).append(" | `").append(m.benchmark().substring(m.benchmark().lastIndexOf('.', m.benchmark().lastIndexOf('.') - 1) + 1))
                .append("` ").append(m.mode()).append(" | ")
                .append(escape(m.params().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))).append(" | ");
        if (m.metric() != null) {
            sb.append(escape(m.metric())).append(" | ");
        }
        sb.append(score(m.baseScore(), m.unit())).append(" | ").append(score(m.headScore(), m.unit())).append(" | ")
                .append(changeText(m)).append(" | ").append(m.verdict().label()).append(" | ")
                .append(escape(String.join("; ", m.notes()))).append(" |\n");
    }

    /** {@code −10.2% [−13.1, −7.2]}: HEAD against BASE, with the 95% interval. */
    public static String changeText(MetricComparison m) {
        if (Double.isNaN(m.ratio())) {
            return "";
        }
        String s = signedPct(m.change());
        if (!Double.isNaN(m.ciLow())) {
            s += " [" + signedPct(m.ciLow() - 1).replace("%", "") + ", " + signedPct(m.ciHigh() - 1) + "]";
        }
        return s;
    }

    private static String signedPct(double f) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * f).replace("-", "−");
    }

    private static String score(double v, String unit) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return sig(v) + " " + unit;
    }

    static String sig(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        int digits = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    // ---------------------------------------------------------------- JUnit XML

    /**
     * JUnit XML, written by the JDK's {@link javax.xml.stream.XMLStreamWriter}: one test case per
     * benchmark and params; a gating regression is a failure, inconclusive and removed are skipped.
     */
    public static String junit(Comparison c) {
        record Case(String cls, String name, String failure, String failureType, String failureText, String skipped, String out) {
        }
        List<Case> cases = new java.util.ArrayList<>();
        if (!c.comparable()) {
            cases.add(new Case("crossover.compare", "comparability", "not comparable", "NotComparable",
                    String.join("\n", c.differences()), null, null));
        } else {
            for (MetricComparison m : c.primary()) {
                List<MetricComparison> secFail = c.secondary().stream().filter(s -> s.key().equals(m.key()) && s.failing()).toList();
                String cls = m.benchmark().substring(0, Math.max(0, m.benchmark().lastIndexOf('.')));
                String name = m.benchmark().substring(m.benchmark().lastIndexOf('.') + 1) + " [" + m.mode() + "]"
                        + (m.params().isEmpty() ? "" : " " + new java.util.TreeMap<>(m.params()));
                String failure = null;
                String skipped = null;
                if (m.failing() || !secFail.isEmpty()) {
                    StringBuilder msg = new StringBuilder();
                    if (m.failing()) {
                        msg.append("score regressed ").append(changeText(m));
                    }
                    for (MetricComparison s : secFail) {
                        msg.append(msg.isEmpty() ? "" : "; ").append(s.metric()).append(" regressed ").append(changeText(s));
                    }
                    failure = msg.toString();
                } else if (m.verdict() == Verdict.INCONCLUSIVE || m.verdict() == Verdict.REMOVED) {
                    skipped = m.verdict().label() + ": " + String.join("; ", m.notes());
                }
                cases.add(new Case(cls, name, failure, "PerformanceRegression", detail(m), skipped, detail(m)));
            }
        }
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            javax.xml.stream.XMLStreamWriter w = javax.xml.stream.XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeComment(" crossover compare, formatVersion " + FORMAT_VERSION + " ");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "crossover.compare");
            w.writeAttribute("tests", String.valueOf(cases.size()));
            w.writeAttribute("failures", String.valueOf(cases.stream().filter(x -> x.failure() != null).count()));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", String.valueOf(cases.stream().filter(x -> x.skipped() != null).count()));
            for (Case x : cases) {
                w.writeCharacters("\n  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", xml(x.cls()));
                w.writeAttribute("name", xml(x.name()));
                if (x.failure() != null) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("failure");
                    w.writeAttribute("message", xml(x.failure()));
                    w.writeAttribute("type", x.failureType());
                    w.writeCharacters(xml(x.failureText()));
                    w.writeEndElement();
                } else if (x.skipped() != null) {
                    w.writeCharacters("\n    ");
                    w.writeEmptyElement("skipped");
                    w.writeAttribute("message", xml(x.skipped()));
                }
                if (x.out() != null) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement("system-out");
                    w.writeCharacters(xml(x.out()));
                    w.writeEndElement();
                }
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return text + "\n";
    }

    private static String detail(MetricComparison m) {
        return String.format(Locale.ROOT, "%s: base %s, head %s, change %s, p %.3g, q %.3g, %s, verdict %s%s",
                m.metricName(), score(m.baseScore(), m.unit()), score(m.headScore(), m.unit()), changeText(m),
                m.p(), m.q(), m.method(), m.verdict().label(), m.notes().isEmpty() ? "" : " (" + String.join("; ", m.notes()) + ")");
    }

    /** Drops the characters XML 1.0 cannot hold at all (control characters); escaping is the writer's job. */
    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
                b.append(ch);
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- JSON

    /** {@code compare.json}: settings, setup differences, and every comparison with its figures. */
    public static String json(Comparison c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("base", c.base().toString());
        root.put("head", c.head().toString());
        root.put("comparable", c.comparable());
        root.put("regression", c.hasRegression());
        ObjectNode o = root.putObject("options");
        o.put("alpha", c.options().alpha());
        o.put("defaultThreshold", c.options().thresholds().defaultThreshold());
        o.put("gateAlloc", c.options().gateAlloc());
        o.put("moderate", c.options().moderate());
        o.put("cvLimit", c.options().cvLimit());
        o.put("allowDifferent", c.options().allowDifferent());
        o.put("paired", c.options().paired());
        ObjectNode pr = root.putObject("prior");
        num(pr, "variance", c.prior().variance());
        num(pr, "df", c.prior().df());
        c.differences().forEach(root.putArray("differences")::add);
        c.notes().forEach(root.putArray("notes")::add);
        root.put("compared", c.compared());
        c.dropped().forEach(root.putArray("dropped")::add);
        ObjectNode counts = root.putObject("counts");
        for (Verdict v : Verdict.values()) {
            counts.put(v.label(), c.count(v));
        }
        ArrayNode arr = root.putArray("results");
        for (MetricComparison m : c.primary()) {
            arr.add(node(m));
        }
        ArrayNode sec = root.putArray("secondary");
        for (MetricComparison m : c.secondary()) {
            sec.add(node(m));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode node(MetricComparison m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("key", m.key());
        n.put("benchmark", m.benchmark());
        n.put("mode", m.mode());
        ObjectNode ps = n.putObject("params");
        new java.util.TreeMap<>(m.params()).forEach(ps::put);
        n.put("metric", m.metricName());
        n.put("unit", m.unit());
        n.put("higherIsBetter", m.higherIsBetter());
        num(n, "base", m.baseScore());
        num(n, "head", m.headScore());
        n.put("baseForks", m.baseForks());
        n.put("headForks", m.headForks());
        num(n, "ratio", m.ratio());
        num(n, "ratioLow", m.ciLow());
        num(n, "ratioHigh", m.ciHigh());
        num(n, "p", m.p());
        num(n, "q", m.q());
        num(n, "df", m.df());
        num(n, "threshold", m.threshold());
        num(n, "cvBase", m.cvBase());
        num(n, "cvHead", m.cvHead());
        if (m.forksNeeded() > 0) {
            n.put("forksNeeded", m.forksNeeded() == Integer.MAX_VALUE ? -1 : m.forksNeeded());
        }
        n.put("verdict", m.verdict().name().toLowerCase(Locale.ROOT));
        n.put("gating", m.gating());
        n.put("method", m.method());
        m.notes().forEach(n.putArray("notes")::add);
        return n;
    }

    /** JSON has no NaN or infinity: null for NaN, a string for infinities. */
    private static void num(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else if (Double.isInfinite(v)) {
            n.put(field, v > 0 ? "Infinity" : "-Infinity");
        } else {
            n.put(field, v);
        }
    }
}
