package dev.crossover.ipc;

/** A {@link ProcessQueue#put} found no room: at once ({@code block=false}) or within its timeout (the notes' {@code Full}). */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
