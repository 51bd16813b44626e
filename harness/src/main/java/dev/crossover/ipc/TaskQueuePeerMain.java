package dev.crossover.ipc;

import java.nio.ByteBuffer;

/**
 * Entry point of the child JVMs that put on, take from and echo through a {@link ShmTaskQueue} for its
 * cross-process tests and benchmarks, started through {@link PeerJvm}. The first argument chooses the
 * role; stdin is the lifeline (the child halts when it closes).
 *
 * <ul>
 *   <li>{@code produce QUEUE ID COUNT}: puts items {@code [ID, seq]} for seq 0..COUNT-1 (a PRIORITY queue
 *       with priority {@code seq % 3}; a DEQUE alternating head and tail), then prints {@code OK}.</li>
 *   <li>{@code consume QUEUE SEEN EACH TAKEN}: forever takes an item {@code [id, seq]}, adds 1 to element
 *       {@code id * EACH + seq} of the shared int array SEEN, adds 1 to the shared long TAKEN, then calls
 *       {@code taskDone}; a DEQUE is taken from both ends in turn.</li>
 *   <li>{@code echo REQUESTS REPLIES}: forever takes a request and puts it on the reply queue.</li>
 *   <li>{@code batch-produce CONTROL QUEUE ITEMS}: forever takes a token from CONTROL, then puts ITEMS items.</li>
 *   <li>{@code batch-consume QUEUE}: forever takes an item and calls {@code taskDone}.</li>
 *   <li>{@code hold-lock QUEUE}: takes the queue's lock, prints {@code LOCKED} and sleeps holding it (to be killed).</li>
 * </ul>
 */
public final class TaskQueuePeerMain {

    private TaskQueuePeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: TaskQueuePeerMain ROLE ARGS...; roles: produce, consume, echo, batch-produce, batch-consume, hold-lock");
            System.exit(2);
        }
        IpcPeerMain.watchLifeline();
        switch (args[0]) {
            case "produce" -> produce(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "consume" -> consume(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            case "echo" -> echo(args[1], args[2]);
            case "batch-produce" -> batchProduce(args[1], args[2], Integer.parseInt(args[3]));
            case "batch-consume" -> batchConsume(args[1]);
            case "hold-lock" -> holdLock(args[1]);
            default -> {
                System.err.println("TaskQueuePeerMain: unknown role '" + args[0] + "'");
                System.exit(2);
            }
        }
    }

    /** The item {@code [id, seq]} of the tests: 8 bytes. */
    public static byte[] item(int id, int seq) {
        return ByteBuffer.allocate(8).putInt(id).putInt(seq).array();
    }

    /** Puts {@code item} the way the role's queue kind wants: with a priority, or at either end of a deque. */
    static void put(ShmTaskQueue q, byte[] item, long n) throws InterruptedException {
        switch (q.kind()) {
            case PRIORITY -> q.put(n % 3, item);
            case DEQUE -> {
                if ((n & 1) == 0) {
                    q.put(item);
                } else {
                    q.putFirst(item, true, null);
                }
            }
            default -> q.put(item);
        }
    }

    /** Takes the next item; a deque from both ends in turn. */
    static byte[] take(ShmTaskQueue q, long n) throws InterruptedException {
        return q.kind() == ShmTaskQueue.Kind.DEQUE && (n & 1) == 1 ? q.getLast(true, null) : q.get();
    }

    private static void produce(String name, int id, int count) throws InterruptedException {
        try (ShmTaskQueue q = ShmTaskQueue.open(name)) {
            for (int seq = 0; seq < count; seq++) {
                put(q, item(id, seq), seq);
            }
        }
        System.out.println("OK");
        System.out.flush();
    }

    private static void consume(String name, String seenName, int each, String takenName) throws InterruptedException {
        try (ShmTaskQueue q = ShmTaskQueue.open(name); SharedIntArray seen = SharedIntArray.open(seenName);
             SharedLong taken = SharedLong.open(takenName)) {
            System.out.println("READY");
            System.out.flush();
            for (long n = 0; ; n++) {
                ByteBuffer item = ByteBuffer.wrap(take(q, n));
                int id = item.getInt();
                int seq = item.getInt();
                seen.add(id * each + seq, 1);
                taken.add(1);
                q.taskDone();
            }
        }
    }

    private static void echo(String requests, String replies) throws InterruptedException {
        try (ShmTaskQueue in = ShmTaskQueue.open(requests); ShmTaskQueue out = ShmTaskQueue.open(replies)) {
            System.out.println("READY");
            System.out.flush();
            for (long n = 0; ; n++) {
                byte[] item = in.get();
                if (out.kind() == ShmTaskQueue.Kind.PRIORITY) {
                    out.put(0, item);
                } else {
                    out.put(item);
                }
            }
        }
    }

    private static void batchProduce(String controlName, String name, int items) throws InterruptedException {
        try (ShmTaskQueue control = ShmTaskQueue.open(controlName); ShmTaskQueue q = ShmTaskQueue.open(name)) {
            byte[] item = new byte[16];
            System.out.println("READY");
            System.out.flush();
            long n = 0;
            while (true) {
                control.get();
                for (int i = 0; i < items; i++) {
                    put(q, item, n++);
                }
                control.taskDone();
            }
        }
    }

    private static void holdLock(String name) throws InterruptedException {
        try (ShmFile f = ShmFile.open(name)) {
            ShmLock.at(f.segment(), ShmTaskQueue.LOCK_OFFSET).lock();
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void batchConsume(String name) throws InterruptedException {
        try (ShmTaskQueue q = ShmTaskQueue.open(name)) {
            System.out.println("READY");
            System.out.flush();
            for (long n = 0; ; n++) {
                take(q, n);
                q.taskDone();
            }
        }
    }
}
