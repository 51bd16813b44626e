package dev.crossover.ipc;

/** A {@link ProcessQueue#get} found nothing: at once ({@code block=false}) or within its timeout (the notes' {@code Empty}). */
public final class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueEmptyException(String message) {
        super(message);
    }
}
