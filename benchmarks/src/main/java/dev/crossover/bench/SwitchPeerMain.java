package dev.crossover.bench;

import dev.crossover.ipc.Futex;
import dev.crossover.ipc.ShmFile;
import dev.crossover.profile.ProcFs;
import dev.crossover.sizing.CpuAffinity;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The echo side of {@link SwitchCostBench}: the loops a partner thread runs in the benchmark JVM and
 * a child JVM runs in its main thread, the same code on both sides of the comparison.
 *
 * <p>As a child: {@code SwitchPeerMain pipe <cpu> <requestFifo> <replyFifo>} or
 * {@code SwitchPeerMain futex <cpu> <shmFile>}; {@code cpu} is the CPU to pin the echo thread to, or
 * -1. It prints {@code READY <tid> <Cpus_allowed_list>} on stdout, then echoes until the request
 * pipe ends (pipe) or the stop word is set or its parent is gone (futex).
 */
public final class SwitchPeerMain {

    /** Bytes per message. */
    static final int MESSAGE = 8;
    /** Futex words, each on its own cache line: the request sequence, the reply sequence, the stop flag. */
    static final long REQUEST = 0;
    static final long REPLY = 64;
    static final long STOP = 128;
    static final long WORDS_BYTES = 192;
    /** How long a futex waiter sleeps before it looks whether it is still wanted: the dead-peer check, by time. */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private SwitchPeerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: SwitchPeerMain pipe <cpu> <requestFifo> <replyFifo> | futex <cpu> <shmFile>");
            System.exit(2);
        }
        int cpu = Integer.parseInt(args[1]);
        if (cpu >= 0) {
            CpuAffinity.pin(cpu);
        }
        long pid = ProcessHandle.current().pid();
        long tid = ProcFs.currentThreadId();
        System.out.println("READY " + tid + " " + ProcFs.cpusAllowed(pid, tid));
        System.out.flush();
        switch (args[0]) {
            case "pipe" -> pipeEcho(Path.of(args[2]), Path.of(args[3]));
            case "futex" -> {
                try (ShmFile shm = ShmFile.open(Path.of(args[2]))) {
                    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
                    futexEcho(shm.segment(), () -> parent != null && parent.isAlive());
                }
            }
            default -> {
                System.err.println("SwitchPeerMain: unknown mode '" + args[0] + "', expected pipe or futex");
                System.exit(2);
            }
        }
    }

    /**
     * Reads each 8-byte request from the request FIFO and writes it back on the reply FIFO (one
     * {@code read(2)} and one {@code write(2)} each), until the request FIFO ends. Opens the request
     * end first, as the caller opens it first too.
     */
    static void pipeEcho(Path requestFifo, Path replyFifo) throws IOException {
        try (FileInputStream in = new FileInputStream(requestFifo.toFile());
             FileOutputStream out = new FileOutputStream(replyFifo.toFile())) {
            byte[] buf = new byte[MESSAGE];
            while (in.readNBytes(buf, 0, MESSAGE) == MESSAGE) {
                out.write(buf);
            }
        }
    }

    /**
     * Sleeps on the request word until it changes, copies it to the reply word and rings (futex
     * wake), until the stop word is set or {@code stillWanted} says no; it asks only when a sleep
     * timed out, every {@link #WAIT_SLICE_NANOS} of silence.
     */
    static void futexEcho(MemorySegment words, BooleanSupplier stillWanted) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slice = Futex.timeout(arena, WAIT_SLICE_NANOS);
            int last = 0; // requests count from 1; the caller may have rung before this thread got here
            while (true) {
                int v;
                while ((v = Futex.get(words, REQUEST)) == last) {
                    if (Futex.get(words, STOP) != 0) {
                        return;
                    }
                    Futex.await(words, REQUEST, last, slice);
                    if (Futex.get(words, REQUEST) == last && !stillWanted.getAsBoolean()) {
                        return;
                    }
                }
                last = v;
                Futex.setAndWake(words, REPLY, v);
            }
        }
    }
}
