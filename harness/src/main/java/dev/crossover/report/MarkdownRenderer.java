package dev.crossover.report;

import java.util.List;

/** Renders a {@link ReportDoc} as GitHub Markdown, charts linked as {@code charts/*.png}. */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    /** The Markdown text. */
    public static String render(ReportDoc doc) {
        StringBuilder b = new StringBuilder();
        for (ReportDoc.Block block : doc.blocks()) {
            switch (block) {
                case ReportDoc.Heading h -> b.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
                case ReportDoc.Para p -> b.append(p.text()).append("\n\n");
                case ReportDoc.Bullets l -> {
                    l.items().forEach(i -> b.append("- ").append(i).append('\n'));
                    b.append('\n');
                }
                case ReportDoc.Table t -> {
                    row(b, t.header());
                    b.append('|').append("---|".repeat(t.header().size())).append('\n');
                    t.rows().forEach(r -> row(b, r));
                    b.append('\n');
                }
                case ReportDoc.Image i -> b.append("![").append(i.alt()).append("](charts/").append(i.file()).append(")\n\n");
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, List<String> cells) {
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(c == null ? "" : c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        b.append('\n');
    }
}
