package dev.crossover.analysis;

import java.util.List;

/**
 * What a chart shows, decided by the analysis and drawn by the report.
 *
 * @param file       file name under {@code charts/}, e.g. {@code x1-pool-size.png}
 * @param title      chart title
 * @param xLabel     x axis label (param and unit)
 * @param yLabel     y axis label (unit)
 * @param curves     the curves, error bars from their score errors
 * @param crossings  crossings to mark (estimate and interval)
 * @param coreMarker x value of the core count to mark, or null when x is not a pool size or count
 * @param hLines     horizontal reference levels (e.g. a 95%-of-peak threshold), may be empty
 * @param hLineLabels a label per level in {@code hLines} (same order), or empty for none
 */
public record ChartSpec(String file, String title, String xLabel, String yLabel, List<Curve> curves,
                        List<Crossing> crossings, Double coreMarker, List<Double> hLines, List<String> hLineLabels) {

    public ChartSpec {
        curves = List.copyOf(curves);
        crossings = List.copyOf(crossings);
        hLines = List.copyOf(hLines);
        hLineLabels = List.copyOf(hLineLabels);
    }

    /** A chart whose reference levels carry no labels. */
    public ChartSpec(String file, String title, String xLabel, String yLabel, List<Curve> curves,
                     List<Crossing> crossings, Double coreMarker, List<Double> hLines) {
        this(file, title, xLabel, yLabel, curves, crossings, coreMarker, hLines, List.of());
    }
}
