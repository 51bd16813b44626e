package dev.crossover.compare;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComparabilityTest {

    @Test
    void flagsThatChangeOnlyStartUpOrRunToRunFileNamesDoNotMakeRunsIncomparable() {
        List<String> base = List.of("-Xmx2g", "-XX:CompileCommandFile=/tmp/jmh1.txt");
        List<String> head = List.of("-Xmx2g", "-XX:CompileCommandFile=/tmp/jmh2.txt", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=/tmp/crossover-forks-0123456789abcdef.jsa");
        assertEquals(Comparability.stableArgs(base), Comparability.stableArgs(head));
        assertEquals(List.of("-Xmx2g", "-XX:+UseSerialGC"), Comparability.stableArgs(List.of("-Xmx2g", "-XX:+UseSerialGC")),
                "a flag that changes the measured JVM stays");
    }
}
