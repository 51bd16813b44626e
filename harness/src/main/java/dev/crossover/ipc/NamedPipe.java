package dev.crossover.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named pipe (FIFO, {@code mkfifo(3)} through FFM): the same kernel pipe as an anonymous one, but
 * opened by path, so two threads of one JVM and two JVMs reach it through the very same calls
 * ({@code FileInputStream}/{@code FileOutputStream}, one {@code read(2)}/{@code write(2)} each).
 * Opening one end blocks until the other end is opened too.
 */
public final class NamedPipe {

    private static final MethodHandle MKFIFO = lookup();

    private NamedPipe() {
    }

    /** Creates a FIFO at {@code path} (mode 0600). */
    public static Path create(Path path) throws IOException {
        if (MKFIFO == null) {
            throw new IOException("cannot create named pipe " + path + ": mkfifo is not callable here (Linux and native access needed)");
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) MKFIFO.invokeExact(a.allocateFrom(path.toString()), 0600);
            if (rc != 0 || !Files.exists(path)) {
                throw new IOException("mkfifo " + path + " failed (does it exist already? is the directory writable?)");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("mkfifo " + path + " failed: " + t, t);
        }
        return path;
    }

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("mkfifo").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        } catch (Throwable t) {
            return null;
        }
    }
}
