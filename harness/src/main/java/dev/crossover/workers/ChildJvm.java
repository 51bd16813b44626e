package dev.crossover.workers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How Crossover starts a child JVM: this JVM's own {@code java} launcher and class path, JVM
 * logging sent to stderr (stdout may carry frames), then the caller's options and main class.
 * Used by process pools, benchmarks and tests alike, so their children start the same way.
 */
public final class ChildJvm {

    /**
     * Options put before the caller's: the JVM's own warnings (CDS/AOT cache mismatches, say) go to
     * stdout by default, where they would corrupt the frames of the pipe transport.
     */
    public static final List<String> LOG_TO_STDERR = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");

    private ChildJvm() {
    }

    /** This JVM's java launcher ({@code java.home/bin/java}, else this process's command). */
    public static String javaBinary() {
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(home)) {
            return home.toString();
        }
        return ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException(
                "cannot find the java launcher: neither " + home + " nor this process's command is known"));
    }

    /** {@code java <LOG_TO_STDERR> <jvmOptions> -cp <java.class.path> <mainClass> <args>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(LOG_TO_STDERR);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
