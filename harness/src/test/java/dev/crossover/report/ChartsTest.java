package dev.crossover.report;

import dev.crossover.analysis.ChartSpec;
import dev.crossover.analysis.Curve;
import dev.crossover.analysis.Point;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    @Test
    void barLabelsKeepOnlyWhatTellsTheBarsApart() {
        assertEquals(List.of("executor=FIXED_FORMULA", "executor=PROCESS"), Charts.barLabels(List.of(
                "requests concurrency=1000,delayMs=100,executor=FIXED_FORMULA", "requests concurrency=1000,delayMs=100,executor=PROCESS")));
        assertEquals(List.of("platformHandoff", "pipeFramed"), Charts.barLabels(List.of("platformHandoff", "pipeFramed")));
        assertEquals(List.of("pipe payload=32", "queue payload=32", "pipe payload=65536"),
                Charts.barLabels(List.of("pipe payload=32,idle=backoff", "queue payload=32,idle=backoff", "pipe payload=65536,idle=backoff")));
    }

    @Test
    void axesTurnLogarithmicOnlyWhenTheRangeSpansADecade() {
        assertInstanceOf(LogAxis.class, Charts.axis("x", 1, 10000));
        assertInstanceOf(NumberAxis.class, Charts.axis("x", 1, 8));
        assertInstanceOf(NumberAxis.class, Charts.axis("x", 0, 0.99), "a range that includes zero cannot be logarithmic");
    }

    @Test
    void drawsHeadlessWithErrorBarsThatReachZeroOnALogAxis(@TempDir Path dir) throws Exception {
        // an error larger than the score must not break the log axis
        Curve c = new Curve("wild", "T.m", "x", "ops/s", true,
                List.of(new Point(1, 10, 20, null), new Point(10, 100, 5, null), new Point(1000, 1e5, Double.NaN, null)));
        Path png = dir.resolve("c.png");
        Charts.draw(new ChartSpec("c.png", "title", "x", "ops/s", List.of(c), List.of(), 2.0, List.of(50.0)), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertTrue(Boolean.getBoolean("java.awt.headless"));
    }
}
