package dev.crossover.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkClassDataTest {

    static final Path TMP = Path.of("/tmp");

    @Test
    void forksGetOneArchivePerJdkAndClassPath() {
        List<String> a = ForkClassData.options("25.0.3", "/x/benchmarks.jar", List.of("--enable-native-access=ALL-UNNAMED"), TMP);
        assertEquals("-XX:+AutoCreateSharedArchive", a.get(0));
        assertTrue(a.get(1).matches("-XX:SharedArchiveFile=/tmp/crossover-forks-[0-9a-f]{16}\\.jsa"), a.get(1));
        assertEquals(a, ForkClassData.options("25.0.3", "/x/benchmarks.jar", List.of(), TMP), "the same JDK and class path share it");
        assertNotEquals(a, ForkClassData.options("25.0.4", "/x/benchmarks.jar", List.of(), TMP));
        assertNotEquals(a, ForkClassData.options("25.0.3", "/y/benchmarks.jar", List.of(), TMP));
    }

    @Test
    void theUsersOwnClassDataChoiceWins() {
        for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/a.jsa", "-XX:AOTCache=/a.aot", "-XX:-AutoCreateSharedArchive")) {
            assertEquals(List.of(), ForkClassData.options("25", "cp", List.of("-Xmx1g", own), TMP), own);
        }
    }
}
