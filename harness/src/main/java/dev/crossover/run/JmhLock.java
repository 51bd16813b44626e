package dev.crossover.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * JMH refuses to start while another JMH run on the machine holds {@code <tmpdir>/jmh.lock} (two runs
 * would disturb each other's numbers). Rather than failing a group for it, the run waits its turn.
 */
final class JmhLock {

    private JmhLock() {
    }

    static Path file() {
        return Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
    }

    /** True when no other process holds the lock right now. */
    static boolean free() {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return true; // JMH will say what is wrong with the file
        }
    }

    /** Waits until the lock is free or {@code max} has passed; says so once when it has to wait. */
    static boolean awaitFree(Duration max, PrintStream console) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean told = false;
        while (!free()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (!told) {
                console.println("  another JMH run holds " + file() + "; waiting up to " + Progress.duration(max.toSeconds())
                        + " for it to finish (two runs at once would disturb each other's numbers)");
                told = true;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** True for JMH's "cannot acquire the lock" refusal. */
    static boolean isLockRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("JMH lock")) {
                return true;
            }
        }
        return false;
    }
}
