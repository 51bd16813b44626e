package dev.crossover.workers;

import dev.crossover.ipc.FrameBuilder;
import dev.crossover.ipc.FrameReader;

/**
 * The pool protocol between a parent and one worker JVM, independent of the transport. Every frame
 * body starts with a type byte:
 * <pre>
 * parent → child  HELLO   [int version][int childThreads][int n]{[str key][str value]}×n
 * child → parent  READY   [int version]
 * parent → child  KERNEL  [int kernelId][str name]          once per kernel and worker, before its first TASKS
 * parent → child  TASKS   [long batchId][int kernelId][int n]{[bytes arg]}×n   a chunk is one frame
 * child → parent  RESULTS [long batchId][int n]{[byte OK][bytes result] | [byte ERROR][error]}×n
 * parent → child  BYE                                       no more work; the child exits 0
 * error = [str type][str message][int frames]{[str class][str method][str file][int line]}×frames
 * </pre>
 * Ints and longs are big-endian; bytes and strings carry an int length (strings UTF-8, -1 = null).
 * Plain code only: the child uses this on its start path.
 */
final class Wire {

    static final int VERSION = 1;

    static final byte HELLO = 1;
    static final byte READY = 2;
    static final byte KERNEL = 3;
    static final byte TASKS = 4;
    static final byte RESULTS = 5;
    static final byte BYE = 6;

    static final byte OK = 0;
    static final byte ERROR = 1;

    /** Stack frames kept per remote exception: enough to find the kernel's line, bounded in size. */
    static final int MAX_TRACE = 64;

    private Wire() {
    }

    static void putError(FrameBuilder out, Throwable t) {
        out.putByte(ERROR);
        out.putString(t.getClass().getName());
        String msg = t.getMessage();
        if (msg != null && msg.length() > 8192) {
            msg = msg.substring(0, 8192);
        }
        out.putString(msg);
        StackTraceElement[] trace = t.getStackTrace();
        int n = Math.min(trace.length, MAX_TRACE);
        out.putInt(n);
        for (int i = 0; i < n; i++) {
            StackTraceElement e = trace[i];
            out.putString(e.getClassName());
            out.putString(e.getMethodName());
            out.putString(e.getFileName());
            out.putInt(e.getLineNumber());
        }
    }

    /** Reads an error written by {@link #putError} (after its status byte). */
    static RemoteTaskException readError(FrameReader in, String worker) {
        String type = in.getString();
        String msg = in.getString();
        int n = in.getInt();
        StackTraceElement[] trace = new StackTraceElement[n];
        for (int i = 0; i < n; i++) {
            String cls = in.getString();
            String method = in.getString();
            String file = in.getString();
            int line = in.getInt();
            trace[i] = new StackTraceElement(cls, method, file, line);
        }
        return new RemoteTaskException(worker, type, msg, trace);
    }

    /** Writes a TASKS frame into {@code out} (after what it holds). */
    static void putTasks(FrameBuilder out, long batchId, int kernelId, byte[][] args) {
        long size = 1 + 8 + 4 + 4;
        for (byte[] a : args) {
            size += 4 + a.length;
        }
        out.reserve((int) Math.min(size, Integer.MAX_VALUE - 16));
        out.putByte(TASKS).putLong(batchId).putInt(kernelId).putInt(args.length);
        for (byte[] a : args) {
            out.putBytes(a);
        }
    }
}
