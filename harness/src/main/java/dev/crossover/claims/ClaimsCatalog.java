package dev.crossover.claims;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one source of claim (C…) and crossover (X…) IDs and texts: {@code notes/CLAIMS.md}, parsed from its tables. The
 * build copies the repository's CLAIMS.md into the harness jar, so the catalog always matches the
 * notes the jar was built from.
 *
 * @param entries ID → entry, in file order
 */
public record ClaimsCatalog(Map<String, Entry> entries) {

    /** Where the build puts the copy of notes/CLAIMS.md. */
    public static final String RESOURCE = "/dev/crossover/claims/CLAIMS.md";

    private static final Pattern ROW = Pattern.compile("^\\|\\s*([CX]\\d+)\\s*\\|\\s*(.*?)\\s*\\|(?:\\s*(.*?)\\s*\\|)?\\s*$");

    /** One row: the ID, what the notes say (or the crossover), and the experiment (empty for crossovers). */
    public record Entry(String id, String text, String experiment) {

        /** True for a claim (C…), false for a crossover (X…). */
        public boolean isClaim() {
            return id.startsWith("C");
        }
    }

    public ClaimsCatalog {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Parses the Markdown text of CLAIMS.md. */
    public static ClaimsCatalog parse(String markdown) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String line : markdown.split("\\R")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), new Entry(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3)));
            }
        }
        return new ClaimsCatalog(out);
    }

    /** The catalog bundled in the jar. */
    public static ClaimsCatalog bundled() {
        try (InputStream in = ClaimsCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; the harness build copies notes/CLAIMS.md there");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every ID, in file order. */
    public List<String> ids() {
        return List.copyOf(entries.keySet());
    }

    /** The claim IDs (C…). */
    public List<String> claimIds() {
        return entries.keySet().stream().filter(id -> id.startsWith("C")).toList();
    }

    /** The crossover IDs (X…). */
    public List<String> crossoverIds() {
        return entries.keySet().stream().filter(id -> id.startsWith("X")).toList();
    }

    /** The one-line text of an ID, or the ID itself when unknown. */
    public String text(String id) {
        Entry e = entries.get(id);
        return e == null ? id : e.text();
    }
}
