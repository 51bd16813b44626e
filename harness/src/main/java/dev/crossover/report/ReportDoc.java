package dev.crossover.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as a list of blocks, rendered twice: to GitHub Markdown and to one self-contained HTML
 * file. Building one model keeps the two files saying the same thing.
 */
public final class ReportDoc {

    /** One block of the report. */
    public sealed interface Block permits Heading, Para, Bullets, Table, Image {
    }

    /** A heading of level 1–3. */
    public record Heading(int level, String text, String anchor) implements Block {
    }

    /** A paragraph; {@code **bold**} and {@code `code`} are kept as Markdown and converted for HTML. */
    public record Para(String text) implements Block {
    }

    /** A bullet list. */
    public record Bullets(List<String> items) implements Block {
    }

    /** A table. */
    public record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    /** A chart: file name under {@code charts/} and its alt text. */
    public record Image(String file, String alt) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();

    /** The blocks in order. */
    public List<Block> blocks() {
        return blocks;
    }

    ReportDoc h(int level, String text, String anchor) {
        blocks.add(new Heading(level, text, anchor));
        return this;
    }

    ReportDoc p(String text) {
        blocks.add(new Para(text));
        return this;
    }

    ReportDoc bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items)));
        }
        return this;
    }

    ReportDoc table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    ReportDoc image(String file, String alt) {
        blocks.add(new Image(file, alt));
        return this;
    }

    /** Splits multi-line text: "- " lines become bullets, the rest paragraphs. */
    ReportDoc text(String multiLine) {
        List<String> items = new ArrayList<>();
        for (String line : multiLine.split("\n")) {
            if (line.startsWith("- ")) {
                items.add(line.substring(2));
            } else {
                bullets(items);
                items = new ArrayList<>();
                if (!line.isBlank()) {
                    p(line);
                }
            }
        }
        bullets(items);
        return this;
    }
}
