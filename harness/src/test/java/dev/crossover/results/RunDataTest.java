package dev.crossover.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDataTest {

    private static final Path RUN = Path.of("src/test/resources/fixtures/run-2core");

    @TempDir
    Path tmp;

    @Test
    void aRunDirectoryReadsItsGroupFilesMetadataAndServesMap() throws Exception {
        RunData d = RunData.load(List.of(RUN));
        assertEquals(4, d.files().size());
        assertEquals(176, d.results().size());
        assertEquals(2, d.metadata().cores());
        assertEquals("2", d.metadata().sizes().get("cores"));
        assertEquals(List.of("C1", "C6"), d.serves().get("RoundTripBench"));
        assertEquals(List.of(), d.warnings());
    }

    @Test
    void theMergedFileIsReadOnlyWhenThereAreNoGroupFiles() throws Exception {
        Files.copy(RUN.resolve("jmh-mixed.json"), tmp.resolve("jmh.json"));
        RunData d = RunData.load(List.of(tmp));
        assertEquals(List.of(tmp.resolve("jmh.json")), d.files());
        assertEquals(16, d.results().size());
        assertEquals(null, d.metadata().cores(), "no metadata.json: the machine is unknown");
    }

    @Test
    void besideGroupFilesTheMergedFileIsNotReadSoNothingCountsTwice() throws Exception {
        Files.copy(RUN.resolve("jmh-mixed.json"), tmp.resolve("jmh-mixed.json"));
        Files.copy(RUN.resolve("jmh-mixed.json"), tmp.resolve("jmh.json"));
        RunData d = RunData.read(tmp);
        assertEquals(List.of(tmp.resolve("jmh-mixed.json")), d.files());
        assertEquals(16, d.results().size());
        assertEquals(tmp, d.runDir());
    }

    @Test
    void metadataKeysAreReachableByDottedPathForTheComparabilityCheck() throws Exception {
        RunMetadata m = RunData.read(RUN).metadata();
        assertTrue(m.present());
        assertEquals(String.valueOf(m.cores()), m.field("cpuBudget.cores"));
        assertEquals(m.jdkVersion(), m.field("jdk.version"));
        assertEquals(null, m.field("jdk.nosuchkey"));
    }

    @Test
    void aJmhFileComparedAloneCarriesNoMetadataButAReportTakesTheOneBesideIt() throws Exception {
        Path file = RUN.resolve("jmh-mixed.json");
        RunData alone = RunData.read(file);
        assertEquals(null, alone.runDir());
        assertFalse(alone.metadata().present(), "compare judges a lone JMH file from the file itself");
        assertEquals(2, RunData.load(List.of(file)).metadata().cores());
    }

    @Test
    void aDirectoryWithoutResultsIsBadInputSayingWhatItNeeds() {
        BadInputException e = assertThrows(BadInputException.class, () -> RunData.load(List.of(tmp)));
        assertTrue(e.getMessage().startsWith(tmp.toString()) && e.getMessage().contains("no jmh-*.json and no jmh.json"), e.getMessage());
    }

    @Test
    void aBrokenServesFileOrMetadataNamesTheFile() throws Exception {
        Files.copy(RUN.resolve("jmh-mixed.json"), tmp.resolve("jmh-mixed.json"));
        Files.writeString(tmp.resolve("serves.json"), "{\"MixedBench\": \"X4\"}");
        BadInputException e = assertThrows(BadInputException.class, () -> RunData.load(List.of(tmp)));
        assertTrue(e.getMessage().contains("serves.json") && e.getMessage().contains("array of IDs"), e.getMessage());
        Files.delete(tmp.resolve("serves.json"));
        Files.writeString(tmp.resolve("metadata.json"), "[1, 2]");
        e = assertThrows(BadInputException.class, () -> RunData.load(List.of(tmp)));
        assertTrue(e.getMessage().contains("metadata.json") && e.getMessage().contains("not run metadata"), e.getMessage());
    }

    @Test
    void servesJsonRoundTrips() throws Exception {
        Path f = tmp.resolve("serves.json");
        RunData.writeServes(f, Map.of("CpuBoundBench", List.of("C4", "X1"), "MixedBench", List.of("X4")));
        assertEquals(Map.of("CpuBoundBench", List.of("C4", "X1"), "MixedBench", List.of("X4")), RunData.readServes(f));
    }
}
