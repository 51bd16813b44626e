package dev.crossover.ipc;

/**
 * The process on the other side of a shared-memory structure died or closed its side while this
 * side waited for it. Raised within about a second of the death, so no caller hangs on a dead peer.
 */
public final class PeerGoneException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public PeerGoneException(String message) {
        super(message);
    }
}
