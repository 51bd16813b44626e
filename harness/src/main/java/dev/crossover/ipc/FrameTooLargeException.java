package dev.crossover.ipc;

import java.io.IOException;

/** A frame longer than {@link FrameCodec#MAX_FRAME_BYTES} was about to be sent or was announced by a peer. */
public final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long length;

    public FrameTooLargeException(long length, String what) {
        super(what + " of " + length + " bytes exceeds the frame limit of " + FrameCodec.MAX_FRAME_BYTES
                + " bytes (" + (FrameCodec.MAX_FRAME_BYTES >> 20) + " MiB); split the work into smaller"
                + " arguments or a smaller chunkSize");
        this.length = length;
    }

    /** The offending length in bytes. */
    public long length() {
        return length;
    }
}
