package dev.crossover.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Class-data sharing for the benchmark forks: every JMH fork of a run loads the same JMH, harness and
 * benchmark classes, so the first fork writes them to a dynamic CDS archive at its exit
 * ({@code -XX:+AutoCreateSharedArchive}) and the later forks map it instead of parsing and verifying the
 * classes again. It changes class loading only: the JIT, the GC and the measured code are the same, and a
 * fork whose archive does not match its JDK or class path rewrites it. The archive sits in the temporary
 * directory, one per JDK and class path.
 */
public final class ForkClassData {

    /** JVM options that choose a fork's class data themselves; where the user gives one, none is added. */
    static final List<String> USER_CHOICES = List.of("-Xshare", "-XX:SharedArchiveFile", "-XX:+AutoCreateSharedArchive",
            "-XX:-AutoCreateSharedArchive", "-XX:AOTCache", "-XX:AOTMode", "-XX:ArchiveClassesAtExit");

    private ForkClassData() {
    }

    /**
     * The options that give the forks their archive, or none when {@code userArgs} (every JVM option the
     * user set for the forks) already choose class data.
     *
     * @param jdkVersion the forks' JDK version
     * @param classPath  the forks' class path
     * @param tmpDir     where the archive lives
     */
    public static List<String> options(String jdkVersion, String classPath, List<String> userArgs, Path tmpDir) {
        if (userArgs.stream().anyMatch(a -> USER_CHOICES.stream().anyMatch(a::startsWith))) {
            return List.of();
        }
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive(jdkVersion, classPath, tmpDir));
    }

    /** {@code <tmp>/crossover-forks-<hash of JDK and class path>.jsa}. */
    static Path archive(String jdkVersion, String classPath, Path tmpDir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((jdkVersion + "\n" + classPath).getBytes(StandardCharsets.UTF_8));
            return tmpDir.resolve("crossover-forks-" + HexFormat.of().formatHex(h, 0, 8) + ".jsa");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
