package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The clean-up the shared-memory tests share: what a test opened is closed after it, newest first, and
 * then no mapped file of this process may be left; after the class, no child process may be left.
 * Registered as {@code @RegisterExtension static final ShmCleanup cleanup = new ShmCleanup();}.
 */
final class ShmCleanup implements AfterEachCallback, AfterAllCallback {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Returns {@code c}, to be closed after the test, also when it fails. */
    <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        toClose.clear();
        assertEquals(List.of(), ownFiles(), "mapped files left behind");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertEquals(0, ProcessHandle.current().descendants().count(), "child processes left behind");
    }

    /** This process's files in the shared-memory directory: their names carry its pid and start time. */
    static List<Path> ownFiles() throws IOException {
        ProcessIdentity me = ProcessIdentity.current();
        try (Stream<Path> s = Files.list(ShmFile.directory())) {
            return s.filter(p -> p.getFileName().toString().contains("-" + me.pid() + "-" + me.startMillis() + "-")).toList();
        }
    }
}
