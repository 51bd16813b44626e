package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Child side of a {@link WorkerTransport}: {@link WorkerMain} creates one by class name (the first
 * program argument its parent's {@link WorkerTransport.Endpoint#childArgs()} put on the command
 * line) through a public no-argument constructor, then calls {@link #open} once on its main thread.
 */
public interface ChildTransport {

    /**
     * Opens the child's end of the channel.
     *
     * @param args   the remaining program arguments from {@code childArgs()} (e.g. mapped file paths)
     * @param stdin  the child's raw stdin; the parent keeps the other end open for the child's life
     * @param stdout the child's raw stdout ({@code System.out} is already redirected to stderr)
     */
    FrameChannel open(String[] args, InputStream stdin, OutputStream stdout) throws IOException;

    /**
     * True when the channel reads stdin itself, so its {@code receive} already returns null at the
     * parent's death. When false, {@link WorkerMain} runs a lifeline thread that reads stdin and
     * ends the child at end of stream (the parent died or closed it), within a second of the death.
     */
    boolean readsStdin();
}
