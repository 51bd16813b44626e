package dev.crossover.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossover.analysis.Analysis;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code report.html} in a real browser: Debian's {@code chromium}, headless. Every chart must
 * decode (an {@code img} with a natural width), nothing may overflow a 1400 px window sideways, and a
 * screenshot must show a page, not a blank. Skipped, saying "skipped: no chromium", where no chromium
 * is installed; {@code .ci/run} installs it. The screenshot stays in {@code target/report-browser/}
 * for a person to look at.
 */
class ReportBrowserTest {

    static final int WIDTH = 1400;
    static final int HEIGHT = 2400;
    static final long TIMEOUT_SECONDS = 180;

    static Path dir;
    static Path html;
    static String chromium;

    @BeforeAll
    static void write() throws Exception {
        chromium = findChromium();
        if (chromium == null) {
            System.out.println("ReportBrowserTest: skipped: no chromium (install Debian's chromium package; .ci/run does)");
            return;
        }
        dir = Path.of("target", "report-browser").toAbsolutePath();
        Files.createDirectories(dir);
        Analysis a = Analysis.of(RunData.load(List.of(Path.of("src/test/resources/fixtures/run-2core"))));
        html = ReportGenerator.write(a, dir).html();
    }

    @Test
    void everyChartLoadsAndNothingOverflowsSideways() throws Exception {
        assumeTrue(chromium != null, "skipped: no chromium");
        // a copy of the report with a probe that records, once everything loaded, what the page looks like to the browser
        String probe = "<script>window.addEventListener('load', () => { const imgs = [...document.images];"
                + " document.body.setAttribute('data-probe', JSON.stringify({images: imgs.length,"
                + " broken: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt),"
                + " scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})); });</script>";
        Path probed = dir.resolve("report-probe.html");
        Files.writeString(probed, Files.readString(html).replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
        String dom = run(List.of("--dump-dom", "--virtual-time-budget=10000", probed.toUri().toString()), null);
        Matcher m = Pattern.compile("data-probe=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), "the probe did not run; chromium printed:\n" + dom.substring(0, Math.min(2000, dom.length())));
        JsonNode p = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        int charts = Files.readString(html).split("src=\"data:image/png;base64,", -1).length - 1;
        assertTrue(charts >= 7, charts + " charts");
        assertEquals(charts, p.get("images").asInt(), p.toString());
        assertEquals(0, p.get("broken").size(), "charts that did not load: " + p.get("broken"));
        assertEquals(WIDTH, p.get("innerWidth").asInt(), p.toString());
        assertTrue(p.get("scrollWidth").asInt() <= p.get("innerWidth").asInt(), "the page overflows sideways: " + p);
    }

    @Test
    void theScreenshotShowsTheReportNotABlankPage() throws Exception {
        assumeTrue(chromium != null, "skipped: no chromium");
        Path shot = dir.resolve("report.png");
        Files.deleteIfExists(shot);
        run(List.of("--screenshot=" + shot, "--hide-scrollbars", html.toUri().toString()), shot);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, shot + " is not a PNG");
        assertEquals(WIDTH, img.getWidth());
        assertEquals(HEIGHT, img.getHeight());
        // a rendered report has text, tables and coloured charts: many colours and a fair share of non-white pixels
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                inked += rgb == 0xffffff ? 0 : 1;
            }
        }
        double share = inked / (double) (img.getWidth() / 2 * (img.getHeight() / 2));
        assertTrue(colours.size() > 200, colours.size() + " colours: a blank or broken page");
        assertTrue(share > 0.05, "only " + share + " of the page is not white");
        System.out.println("ReportBrowserTest: screenshot " + shot);
    }

    /** Runs headless chromium on the report; returns what it printed. Waits for {@code expect} when given. */
    private static String run(List<String> args, Path expect) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=" + WIDTH + "," + HEIGHT));
        cmd.addAll(args);
        Path out = dir.resolve("chromium.out");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        try {
            boolean done = proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(done, "chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
            assertEquals(0, proc.exitValue(), "chromium failed: " + Files.readString(dir.resolve("chromium.err")));
            if (expect != null) {
                assertTrue(Files.isRegularFile(expect), "no screenshot written: " + Files.readString(dir.resolve("chromium.err")));
            }
            return Files.readString(out);
        } finally {
            // chromium starts helper processes: none may outlive the test
            proc.descendants().forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
        }
    }

    /** {@code $CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the PATH; null when none is installed. */
    static String findChromium() {
        String env = System.getenv("CHROMIUM");
        if (env != null && new File(env).canExecute()) {
            return env;
        }
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                File f = new File(dirName, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }
}
