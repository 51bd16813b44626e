package dev.crossover.report;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the report's Markdown as one self-contained HTML file with commonmark and its GFM tables
 * extension: styles inline, every chart embedded as a base64 PNG, headings given the anchors the
 * report's own links point at. Raw HTML in the text is escaped, never passed through.
 */
public final class HtmlRenderer {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
            + "line-height:1.45;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0;font-size:.92em;display:block;overflow-x:auto;width:max-content;max-width:100%}"
            + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top;overflow-wrap:break-word}"
            + "th{background:#f3f3f3}code{background:#f5f5f5;padding:0 .2em;overflow-wrap:break-word}"
            + "img{max-width:100%;height:auto;border:1px solid #eee}pre{overflow-x:auto}";

    private HtmlRenderer() {
    }

    /** The HTML of {@code doc}; charts are read from {@code chartsDir} and embedded. */
    public static String render(ReportDoc doc, String title, Path chartsDir) throws IOException {
        List<String> anchors = new ArrayList<>();
        for (ReportDoc.Block b : doc.blocks()) {
            if (b instanceof ReportDoc.Heading h) {
                anchors.add(h.anchor());
            }
        }
        return render(MarkdownRenderer.render(doc), anchors, title, chartsDir);
    }

    /**
     * The HTML of {@code markdown}. The n-th heading gets {@code anchors.get(n)} as its id (null: none);
     * an image {@code charts/NAME.png} is replaced by the file {@code chartsDir/NAME.png} inline, and
     * dropped when that file does not exist.
     */
    static String render(String markdown, List<String> anchors, String title, Path chartsDir) throws IOException {
        Parser parser = Parser.builder().extensions(EXTENSIONS).build();
        Node root = parser.parse(markdown);
        Map<Node, String> ids = new IdentityHashMap<>();
        Map<Node, String> sources = new IdentityHashMap<>();
        List<Node> missing = new ArrayList<>();
        try {
            root.accept(new AbstractVisitor() {
                private int heading;

                @Override
                public void visit(Heading h) {
                    if (heading < anchors.size() && anchors.get(heading) != null) {
                        ids.put(h, anchors.get(heading));
                    }
                    heading++;
                    visitChildren(h);
                }

                @Override
                public void visit(Image img) {
                    String dest = img.getDestination();
                    Path png = dest.startsWith("charts/") ? chartsDir.resolve(dest.substring("charts/".length())) : null;
                    if (png != null && Files.isRegularFile(png)) {
                        try {
                            sources.put(img, "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    } else {
                        missing.add(img);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        missing.forEach(Node::unlink); // a link to a file outside report.html would break its self-containment
        org.commonmark.renderer.html.HtmlRenderer html = org.commonmark.renderer.html.HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(true)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (ids.containsKey(node)) {
                        attributes.put("id", ids.get(node));
                    }
                    if (sources.containsKey(node)) {
                        attributes.put("src", sources.get(node));
                    }
                })
                .build();
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title) + "</title>\n"
                + "<style>" + STYLE + "</style>\n</head><body>\n" + html.render(root) + "</body></html>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
