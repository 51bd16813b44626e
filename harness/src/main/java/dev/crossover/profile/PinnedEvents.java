package dev.crossover.profile;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Counts JFR {@value #EVENT} events in this JVM between {@link #start()} and {@link #stop()}: how many
 * times a virtual thread blocked while it could not leave its carrier. The recording enables that
 * one event with a threshold of zero (JFR's default setting records only pins of 20 ms or more), so
 * every pinned park counts, however short. The recording stays in memory (no disk repository a killed
 * JVM could leave behind); {@link #stop()} dumps it to a temporary file, counts, and deletes the file;
 * {@link #close()} ends a recording that was never stopped.
 */
public final class PinnedEvents implements AutoCloseable {

    /** The JFR event of a virtual thread that parked while pinned to its carrier. */
    public static final String EVENT = "jdk.VirtualThreadPinned";

    private final Recording recording;
    private boolean stopped;

    private PinnedEvents(Recording recording) {
        this.recording = recording;
    }

    /** Starts a recording of {@value #EVENT}, threshold zero, nothing else. */
    public static PinnedEvents start() {
        Recording r = new Recording();
        r.setName("crossover-pinned");
        r.enable(EVENT).withThreshold(Duration.ZERO).withStackTrace();
        r.setToDisk(false); // in memory: no disk repository that a killed fork could leave behind
        r.start();
        return new PinnedEvents(r);
    }

    /** Stops the recording and returns how many {@value #EVENT} events it holds. */
    public long stop() {
        if (stopped) {
            throw new IllegalStateException("PinnedEvents.stop() called twice; start a new recording for the next count");
        }
        stopped = true;
        Path file = null;
        try {
            file = Files.createTempFile("crossover-pinned-", ".jfr");
            // an in-memory recording can be dumped only while it runs; the dump flushes the threads' buffers
            recording.dump(file);
            recording.stop();
            return count(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dump or read the JFR recording of " + EVENT + " at " + file, e);
        } finally {
            recording.close();
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temp file is named crossover-*, which `crossover clean` removes
                }
            }
        }
    }

    /** The {@value #EVENT} events in a JFR file. */
    static long count(Path jfr) throws IOException {
        long n = 0;
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (EVENT.equals(e.getEventType().getName())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Ends the recording without counting, if {@link #stop()} did not. */
    @Override
    public void close() {
        if (!stopped) {
            stopped = true;
            recording.close();
        }
    }
}
