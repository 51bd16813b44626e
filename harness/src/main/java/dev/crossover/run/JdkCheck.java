package dev.crossover.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Checks a JDK given with {@code --jvm} before benchmarks are forked on it. */
public final class JdkCheck {

    /** The oldest JDK the suite runs on. */
    public static final int MIN_FEATURE = 25;

    /** What a JDK says about itself. */
    public record Jdk(String version, String vendor, String home, String javaBinary) {
    }

    private JdkCheck() {
    }

    /** The JDK running this JVM. */
    public static Jdk current() {
        String home = System.getProperty("java.home");
        return new Jdk(System.getProperty("java.version"), System.getProperty("java.vendor"), home,
                Path.of(home, "bin", "java").toString());
    }

    /**
     * The JDK at {@code home} (or a {@code java} binary path).
     *
     * @throws IllegalArgumentException when it is missing or older than {@link #MIN_FEATURE}
     */
    public static Jdk inspect(Path home) {
        Path java = Files.isRegularFile(home) ? home : home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("--jvm " + home + ": no executable " + java
                    + "; give the home directory of an installed JDK " + MIN_FEATURE + " or newer (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)");
        }
        String out;
        try {
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException("--jvm " + home + ": " + java + " -version did not answer within 30 s");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--jvm " + home + ": cannot run " + java + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("--jvm " + home + ": interrupted");
        }
        String version = property(out, "java.version");
        String spec = property(out, "java.specification.version");
        int feature;
        try {
            feature = Integer.parseInt(spec == null ? "" : spec.replaceFirst("^1\\.", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--jvm " + home + ": cannot tell the version of " + java);
        }
        if (feature < MIN_FEATURE) {
            throw new IllegalArgumentException("--jvm " + home + " is JDK " + version + "; the benchmarks need JDK "
                    + MIN_FEATURE + " or newer: install one (e.g. Temurin 25) and pass its home");
        }
        String javaHome = property(out, "java.home");
        return new Jdk(version, property(out, "java.vendor"), javaHome == null ? home.toString() : javaHome, java.toString());
    }

    static String property(String settings, String key) {
        for (String line : settings.split("\\R")) {
            String t = line.trim();
            if (t.startsWith(key + " = ")) {
                return t.substring(key.length() + 3).trim();
            }
        }
        return null;
    }
}
