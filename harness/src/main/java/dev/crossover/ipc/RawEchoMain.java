package dev.crossover.ipc;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The raw-pipe floor: a child JVM that echoes fixed-size messages from stdin to stdout with no
 * framing, no pool and no thread handoff, until stdin ends. Argument: message size in bytes
 * (default 8). The counterpart of the framed pipe in {@code RoundTripBench}, and the bare child of
 * {@code SpawnBench} (time until its first reply).
 */
public final class RawEchoMain {

    private RawEchoMain() {
    }

    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        FileInputStream in = new FileInputStream(FileDescriptor.in);
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        byte[] buf = new byte[size];
        while (in.readNBytes(buf, 0, size) == size) {
            out.write(buf, 0, size);
        }
    }
}
