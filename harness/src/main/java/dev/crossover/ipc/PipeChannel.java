package dev.crossover.ipc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@link FrameChannel} over a pair of byte streams: a child's stdin/stdout seen from either side.
 * Each {@link #send} is flushed, so a frame never waits in a buffer. A dead peer shows as end of
 * stream ({@link #receive} returns null) or a broken pipe ({@link IOException}), as the OS reports it.
 */
public final class PipeChannel implements FrameChannel {

    private final InputStream in;
    private final OutputStream out;

    public PipeChannel(InputStream in, OutputStream out) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    @Override
    public void send(byte[] body, int offset, int length) throws IOException {
        FrameCodec.write(out, body, offset, length);
        out.flush();
    }

    @Override
    public byte[] receive() throws IOException {
        return FrameCodec.read(in);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            in.close();
        }
    }
}
