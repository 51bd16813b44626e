package dev.crossover.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** Renders a {@link ReportDoc} as one self-contained HTML file: styles inline, charts as base64 PNG. */
public final class HtmlRenderer {

    private HtmlRenderer() {
    }

    /** The HTML text; charts are read from {@code chartsDir} and embedded. */
    public static String render(ReportDoc doc, String title, Path chartsDir) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}code{background:#f5f5f5;padding:0 .2em}img{max-width:100%;border:1px solid #eee}</style>\n</head><body>\n");
        for (ReportDoc.Block block : doc.blocks()) {
            switch (block) {
                case ReportDoc.Heading h -> b.append("<h").append(h.level()).append(h.anchor() == null ? "" : " id=\"" + esc(h.anchor()) + "\"")
                        .append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
                case ReportDoc.Para p -> b.append("<p>").append(inline(p.text())).append("</p>\n");
                case ReportDoc.Bullets l -> {
                    b.append("<ul>\n");
                    l.items().forEach(i -> b.append("<li>").append(inline(i)).append("</li>\n"));
                    b.append("</ul>\n");
                }
                case ReportDoc.Table t -> {
                    b.append("<table>\n<tr>");
                    t.header().forEach(c -> b.append("<th>").append(inline(c)).append("</th>"));
                    b.append("</tr>\n");
                    for (List<String> r : t.rows()) {
                        b.append("<tr>");
                        r.forEach(c -> b.append("<td>").append(inline(c == null ? "" : c)).append("</td>"));
                        b.append("</tr>\n");
                    }
                    b.append("</table>\n");
                }
                case ReportDoc.Image i -> {
                    Path png = chartsDir.resolve(i.file());
                    if (Files.isRegularFile(png)) {
                        b.append("<p><img alt=\"").append(esc(i.alt())).append("\" src=\"data:image/png;base64,")
                                .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\"></p>\n");
                    }
                }
            }
        }
        return b.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Escapes, then turns Markdown's **bold**, `code` and [text](#anchor) into HTML. */
    static String inline(String s) {
        return esc(s).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>")
                .replaceAll("`([^`]+)`", "<code>$1</code>")
                .replaceAll("\\[([^\\]]+)\\]\\((#[^)]+)\\)", "<a href=\"$2\">$1</a>");
    }
}
