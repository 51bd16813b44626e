package dev.crossover.ipc;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipe's frames, in memory: what is sent is received whole and in order, and each frame costs
 * the stream one write and, read back through a buffered stream, no question about what is
 * available (each of those is a system call on a real pipe).
 */
class PipeChannelTest {

    /** Counts the calls a pipe would turn into system calls. */
    static final class CountingOut extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }
    }

    /** A buffered stream like a {@link Process}'s, counting how often it asks its source what is available. */
    static final class CountingIn extends BufferedInputStream {
        int sourceReads;
        int availableCalls;

        CountingIn(byte[] data, int buffer) {
            super(new ByteArrayInputStream(data), buffer);
            in = new InputStream() {
                final ByteArrayInputStream src = new ByteArrayInputStream(data);

                @Override
                public int read() {
                    sourceReads++;
                    return src.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    sourceReads++;
                    return src.read(b, off, len);
                }

                @Override
                public int available() {
                    availableCalls++;
                    return src.available();
                }
            };
        }
    }

    private static List<byte[]> frames(long seed, int n, int maxSize) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[rnd.nextInt(maxSize + 1)];
            rnd.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    @Test
    void framesArriveWholeAndInOrderWithOneWriteEach() throws IOException {
        List<byte[]> sent = frames(1, 200, 3000);
        sent.add(new byte[0]);
        sent.add(new byte[70_000]); // larger than any read buffer
        CountingOut out = new CountingOut();
        PipeChannel tx = new PipeChannel(InputStream.nullInputStream(), out);
        for (byte[] f : sent) {
            byte[] padded = new byte[f.length + 7];
            System.arraycopy(f, 0, padded, 3, f.length);
            tx.send(padded, 3, f.length);
        }
        assertEquals(sent.size(), out.writes, "one write per frame");
        PipeChannel rx = new PipeChannel(new ByteArrayInputStream(out.bytes.toByteArray()), OutputStream.nullOutputStream());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), rx.receive(), "frame #" + i);
        }
        assertNull(rx.receive(), "end of stream after the last frame is an orderly end");
    }

    @Test
    void aFrameOverTheCopyLimitIsSentAsHeaderAndBodyAndStillArrivesWhole() throws IOException {
        byte[] big = new byte[PipeChannel.COALESCE_LIMIT + 5];
        new Random(2).nextBytes(big);
        CountingOut out = new CountingOut();
        new PipeChannel(InputStream.nullInputStream(), out).send(big, 0, big.length);
        assertEquals(2, out.writes);
        PipeChannel rx = new PipeChannel(new ByteArrayInputStream(out.bytes.toByteArray()), OutputStream.nullOutputStream());
        assertArrayEquals(big, rx.receive());
    }

    @Test
    void smallFramesAreReadFromABufferedStreamWithoutAskingWhatIsAvailable() throws IOException {
        List<byte[]> sent = frames(3, 50, 100);
        CountingOut out = new CountingOut();
        PipeChannel tx = new PipeChannel(InputStream.nullInputStream(), out);
        for (byte[] f : sent) {
            tx.send(f, 0, f.length);
        }
        byte[] wire = out.bytes.toByteArray();
        CountingIn in = new CountingIn(wire, 8192);
        PipeChannel rx = new PipeChannel(in, OutputStream.nullOutputStream());
        for (byte[] f : sent) {
            assertArrayEquals(f, rx.receive());
        }
        assertEquals(0, in.availableCalls, "the buffered stream never had to ask its source what is available");
        assertTrue(in.sourceReads <= 1 + wire.length / 8192, "frames were served from the buffer: " + in.sourceReads + " source reads");
    }

    @Test
    void aStreamEndingInsideAFrameIsAnError() throws IOException {
        CountingOut out = new CountingOut();
        new PipeChannel(InputStream.nullInputStream(), out).send(new byte[100], 0, 100);
        byte[] wire = out.bytes.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(wire, 50);
        assertThrows(EOFException.class, () -> new PipeChannel(new ByteArrayInputStream(cut), OutputStream.nullOutputStream()).receive());
        byte[] cutHeader = java.util.Arrays.copyOf(wire, 2);
        assertThrows(EOFException.class, () -> new PipeChannel(new ByteArrayInputStream(cutHeader), OutputStream.nullOutputStream()).receive());
    }

    @Test
    void aGarbledLengthIsRefusedBeforeAnyAllocation() {
        byte[] text = "hello from a chatty child\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> new PipeChannel(new ByteArrayInputStream(text), OutputStream.nullOutputStream()).receive());
        assertTrue(e.length() > FrameCodec.MAX_FRAME_BYTES, "reports the announced length: " + e.length());
    }

    @Test
    void sendingOverTheLimitFailsWithoutWritingAnything() {
        CountingOut out = new CountingOut();
        PipeChannel tx = new PipeChannel(InputStream.nullInputStream(), out);
        // The length is checked before the body is touched, so a short array stands in for a huge one.
        assertThrows(FrameTooLargeException.class, () -> tx.send(new byte[8], 0, FrameCodec.MAX_FRAME_BYTES + 1));
        assertEquals(0, out.writes);
    }
}
