package dev.crossover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random mutations of a real run's JMH JSON, fed to {@code report}, {@code compare} and {@code advise} in
 * process: every input either works (exit 0; 1 only for a regression found by compare) or is refused with
 * exit 2 and a message naming the file, never an uncaught exception or a stack trace. Seeded: a failure
 * prints the seed, the case and the mutated file, and repeats.
 */
class InputFuzzTest {

    /** A real run's result file: avgt and sample (histogram) results with secondary metrics. */
    private static final Path REAL = Path.of("../results/example/jmh-RoundTripBench.json");
    private static final int CASES = 1000;
    private static final long SEED = 20261202L;
    /**
     * Kept of the real file (4 MB): three avgt results and two sample ones, each sample iteration's
     * histogram cut to this many pairs and two of its percentile metrics, so that a case reads fast.
     */
    private static final int HISTOGRAM_PAIRS = 6;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ArrayNode seed;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readSeed() throws IOException {
        ArrayNode all = (ArrayNode) JSON.readTree(REAL.toFile());
        seed = JSON.createArrayNode();
        int avgt = 0;
        int sample = 0;
        for (JsonNode r : all) {
            boolean isSample = r.path("mode").asText().equals("sample");
            if (isSample ? sample++ >= 2 : avgt++ >= 3) {
                continue;
            }
            ObjectNode copy = r.deepCopy();
            for (JsonNode fork : copy.path("primaryMetric").path("rawDataHistogram")) {
                for (JsonNode iteration : fork) {
                    ArrayNode it = (ArrayNode) iteration;
                    while (it.size() > HISTOGRAM_PAIRS) {
                        it.remove(it.size() - 1);
                    }
                }
            }
            if (copy.get("secondaryMetrics") instanceof ObjectNode sec) {
                sec.retain("p0.50", "p1.00");
            }
            seed.add(copy);
        }
    }

    @Test
    void noMutationGivesAStackTraceOrAnExitOtherThanOkRegressionOrBadInput() throws Exception {
        Path base = tmp.resolve("base.json");
        JSON.writeValue(base.toFile(), seed);
        assertEquals(ExitCodes.OK, CliCapture.run("report", base.toString(), "--out", tmp.resolve("r0").toString()).status(),
                "the unmutated seed reads");
        Random rnd = new Random(SEED);
        picocli.CommandLine cli = Main.commandLine();
        long start = System.nanoTime();
        int refused = 0;
        int[] byStatus = new int[3];
        for (int i = 0; i < CASES; i++) {
            Path f = tmp.resolve("case-" + i + ".json");
            String what = mutate(rnd, f);
            int command = rnd.nextInt(10);
            String[] args = command < 5 ? new String[]{"compare", base.toString(), f.toString(), "-o", tmp.resolve("c").toString()}
                    : command < 7 ? new String[]{"compare", f.toString(), base.toString(), "-o", tmp.resolve("c").toString()}
                    : command < 9 ? new String[]{"advise", "--compute", "200us", "--wait", "2ms", f.toString()}
                    : new String[]{"report", f.toString(), "--out", tmp.resolve("r").toString()};
            CliCapture r = CliCapture.run(cli, args);
            String context = "case " + i + " (seed " + SEED + "): " + what + "; " + String.join(" ", args) + "\nstdout: " + r.out()
                    + "\nstderr: " + r.err() + "\ninput: " + head(f);
            boolean compare = args[0].equals("compare");
            assertTrue(r.status() == ExitCodes.OK || r.status() == ExitCodes.BAD_INPUT
                    || (compare && r.status() == ExitCodes.REGRESSION), "exit " + r.status() + " in " + context);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "a stack trace in " + context);
            if (r.status() == ExitCodes.BAD_INPUT) {
                refused++;
                assertTrue(r.err().contains(f.getFileName().toString()) || r.err().contains("BASE") || r.err().contains("HEAD"),
                        "the message names the file: " + context);
            }
            byStatus[r.status()]++;
            Files.deleteIfExists(f);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("InputFuzzTest: %d cases in %.1f s (exit 0: %d, 1: %d, 2: %d)%n", CASES, seconds,
                byStatus[0], byStatus[1], byStatus[2]);
        assertTrue(refused > CASES / 4 && refused < CASES, "the mutations reach both the checks and the commands: "
                + refused + " of " + CASES + " refused");
    }

    /** Writes a mutated seed to {@code f}; returns what was done. */
    private static String mutate(Random rnd, Path f) throws IOException {
        ArrayNode doc = seed.deepCopy();
        StringBuilder what = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            what.append(k == 0 ? "" : ", ").append(mutateTree(rnd, doc));
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        if (rnd.nextInt(8) == 0) {
            int at = rnd.nextInt(bytes.length);
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    bytes = java.util.Arrays.copyOf(bytes, at);
                    what.append(", truncated at byte ").append(at);
                }
                case 1 -> {
                    bytes[at] = (byte) (0x80 + rnd.nextInt(0x80));
                    what.append(", byte ").append(at).append(" set to a non-UTF-8 value");
                }
                case 2 -> {
                    bytes[at] = (byte) "{}[],:\"0-.eN".charAt(rnd.nextInt(12));
                    what.append(", byte ").append(at).append(" replaced by punctuation");
                }
                default -> {
                    bytes = "NaN".getBytes(StandardCharsets.UTF_8);
                    what.append(", replaced by a bare NaN");
                }
            }
        }
        Files.write(f, bytes);
        return what.toString();
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One change at a random place in the tree: a new value, a removed field or element, a duplicate. */
    private static String mutateTree(Random rnd, ArrayNode doc) {
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        collect(doc, "", paths, parents, keys);
        if (paths.isEmpty()) {
            JsonNode v = randomValue(rnd);
            doc.add(v);
            return "added " + v + " to an empty array";
        }
        // half the time away from the many raw numbers, so that names, modes, units and structure change too
        List<Integer> shallow = new ArrayList<>();
        for (int j = 0; j < paths.size(); j++) {
            if (!paths.get(j).contains("rawData") && !paths.get(j).contains("Percentiles") && !paths.get(j).contains("jvmArgs")) {
                shallow.add(j);
            }
        }
        int i = rnd.nextBoolean() && !shallow.isEmpty() ? shallow.get(rnd.nextInt(shallow.size())) : rnd.nextInt(paths.size());
        JsonNode parent = parents.get(i);
        Object key = keys.get(i);
        int op = rnd.nextInt(10);
        if (op < 6) {
            JsonNode v = randomValue(rnd);
            set(parent, key, v);
            return paths.get(i) + " = " + v;
        }
        if (op < 8) {
            if (parent instanceof ObjectNode o) {
                o.remove((String) key);
            } else {
                ((ArrayNode) parent).remove((Integer) key);
            }
            return "removed " + paths.get(i);
        }
        if (op < 9 && parent instanceof ArrayNode a) {
            a.add(a.get((Integer) key).deepCopy());
            return "duplicated " + paths.get(i);
        }
        if (parent instanceof ObjectNode o) {
            JsonNode v = o.remove((String) key);
            o.set(key + "_", v);
            return "renamed " + paths.get(i);
        }
        ((ArrayNode) parent).removeAll();
        return "emptied the array holding " + paths.get(i);
    }

    private static void set(JsonNode parent, Object key, JsonNode v) {
        if (parent instanceof ObjectNode o) {
            o.set((String) key, v);
        } else {
            ((ArrayNode) parent).set((Integer) key, v);
        }
    }

    private static JsonNode randomValue(Random rnd) {
        return switch (rnd.nextInt(20)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("NaN");
            case 2 -> NODES.textNode("Infinity");
            case 3 -> NODES.textNode("-Infinity");
            case 4 -> NODES.textNode("");
            case 5 -> NODES.textNode("x");
            case 6 -> NODES.numberNode(0);
            case 7 -> NODES.numberNode(-1.5);
            case 8 -> NODES.numberNode(1e308);
            case 9 -> NODES.numberNode(4.9e-324);
            case 10 -> NODES.numberNode(rnd.nextDouble() * 1000);
            case 11 -> NODES.numberNode(Long.MAX_VALUE);
            case 12 -> NODES.booleanNode(rnd.nextBoolean());
            case 13 -> NODES.arrayNode();
            case 14 -> NODES.objectNode();
            case 15 -> NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode().add(1.0))));
            case 16 -> NODES.textNode("a.B.c");
            case 17 -> NODES.textNode("noDot");
            case 18 -> NODES.textNode(new String(new char[]{(char) (32 + rnd.nextInt(0x3000))}));
            default -> NODES.numberNode(rnd.nextInt(7) - 1);
        };
    }

    /** Every place in the tree (object fields and array elements), depth first. */
    private static void collect(JsonNode n, String path, List<String> paths, List<JsonNode> parents, List<Object> keys) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path + "." + e.getKey();
                paths.add(p);
                parents.add(o);
                keys.add(e.getKey());
                collect(e.getValue(), p, paths, parents, keys);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                paths.add(p);
                parents.add(a);
                keys.add(i);
                collect(a.get(i), p, paths, parents, keys);
            }
        }
    }

    private static String head(Path f) {
        try {
            String s = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            return s.length() > 400 ? s.substring(0, 400) + "…" : s;
        } catch (IOException e) {
            return "?";
        }
    }
}
