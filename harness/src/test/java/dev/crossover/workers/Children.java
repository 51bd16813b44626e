package dev.crossover.workers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers for child processes: start a test main class in a fresh JVM, check nothing is left. */
final class Children {

    private Children() {
    }

    /** Starts {@code main} in a child JVM with the test class path; stderr goes to the test's stderr. */
    static Process startJava(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.javaBinary(), "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** True while the process exists and is not a zombie waiting for a reaper. */
    static boolean running(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false; // gone between the two checks
        }
    }

    /** Waits up to {@code millis} for every pid to stop running; true when they all did. */
    static boolean awaitGone(List<Long> pids, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            boolean any = false;
            for (long pid : pids) {
                any |= running(pid);
            }
            if (!any) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Fails when this JVM still has a running descendant after a short grace period (exiting children). */
    static void assertNoDescendants() throws InterruptedException {
        List<Long> left = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(h -> left.add(h.pid()));
        if (!awaitGone(left, 3000)) {
            List<String> still = new ArrayList<>();
            ProcessHandle.current().descendants().filter(h -> running(h.pid()))
                    .forEach(h -> still.add(h.pid() + " " + h.info().commandLine().orElse("?")));
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            fail("child processes left behind: " + still);
        }
    }
}
