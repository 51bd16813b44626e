package dev.crossover.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Entry point of the child JVMs the IPC tests and benchmarks start through {@link PeerJvm}. The
 * first argument chooses the role; results go to stdout as one line starting with {@code OK} or
 * {@code FAIL}. Unless the role reads stdin as data, stdin is the lifeline: when it closes (the parent
 * ended, even by SIGKILL) the child halts.
 */
public final class IpcPeerMain {

    private IpcPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: IpcPeerMain ROLE ARGS...; roles: shm-create, ring-consume, ring-produce, pipe-write, counter-add, lock-hold, lock-increment, queue-put");
            System.exit(2);
        }
        String role = args[0];
        switch (role) {
            case "shm-create" -> {
                watchLifeline();
                ShmFile f = ShmFile.create("peer", 4096);
                System.out.println("path " + f.path());
                System.out.flush();
                if (args.length > 1 && args[1].equals("exit")) {
                    System.exit(0); // no close(): the shutdown hook must delete the file
                }
                Thread.sleep(Long.MAX_VALUE);
            }
            case "ring-consume" -> {
                watchLifeline();
                ringConsume(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]), args[4]);
            }
            case "ring-produce" -> {
                watchLifeline();
                ringProduce(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            }
            case "pipe-write" -> {
                watchLifeline();
                PipeTearProbe.write(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5],
                        Integer.parseInt(args[6]));
            }
            case "counter-add" -> {
                watchLifeline();
                counterAdd(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            }
            case "lock-hold" -> {
                watchLifeline();
                try (ShmLock lock = ShmLock.open(args[1])) {
                    lock.lock();
                    System.out.println("LOCKED");
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            case "lock-increment" -> {
                watchLifeline();
                lockIncrement(args[1], args[2], Long.parseLong(args[3]));
            }
            case "queue-put" -> {
                watchLifeline();
                queuePut(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            }
            default -> {
                System.err.println("IpcPeerMain: unknown role '" + role + "'");
                System.exit(2);
            }
        }
    }

    /** Reads {@code count} pattern records (or until the producer closes when count < 0), checking each. */
    private static void ringConsume(String name, long count, int maxLength, String idleName) {
        try (ShmRing ring = ShmRing.open(name)) {
            ShmRing.Consumer consumer = ring.consumer();
            IdleStrategy idle = IdleStrategy.of(idleName);
            long[] state = new long[2]; // seq, checksum
            ShmRing.RecordHandler check = (type, buf, off, len) -> {
                state[1] = RecordPattern.verify(state[1], state[0], maxLength, buf, off, len);
                state[0]++;
            };
            System.out.println("READY");
            System.out.flush();
            try {
                while (count < 0 || state[0] < count) {
                    if (consumer.read(check, Integer.MAX_VALUE, idle, Duration.ofDays(1)) < 0) {
                        break;
                    }
                }
                System.out.println("OK " + state[0] + " " + state[1]);
            } catch (RuntimeException e) {
                System.out.println("FAIL " + e.getMessage());
            }
            System.out.flush();
            consumer.close();
        }
    }

    /** Writes {@code count} pattern records (forever when count < 0), then closes its side. */
    private static void ringProduce(String name, long count, int maxLength) {
        try (ShmRing ring = ShmRing.open(name)) {
            ShmRing.Producer producer = ring.producer();
            IdleStrategy idle = new IdleStrategy.Backoff();
            byte[] buf = new byte[maxLength];
            long checksum = 0;
            System.out.println("READY");
            System.out.flush();
            for (long seq = 0; count < 0 || seq < count; seq++) {
                int len = RecordPattern.length(seq, maxLength);
                RecordPattern.fill(buf, seq, len);
                producer.write(0, buf, 0, len, idle, Duration.ofDays(1));
                checksum = RecordPattern.checksum(checksum, seq, maxLength);
            }
            producer.close();
            System.out.println("OK " + count + " " + checksum);
            System.out.flush();
        }
    }

    /** Adds 1 to element {@code index} of a shared long array {@code times} times, atomically. */
    private static void counterAdd(String name, long times, int index) {
        try (SharedLongArray counters = SharedLongArray.open(name)) {
            for (long i = 0; i < times; i++) {
                counters.add(index, 1);
            }
        }
        System.out.println("OK");
    }

    /** Non-atomic read-modify-write of element 0 under the shared lock: exact only if the lock excludes. */
    private static void lockIncrement(String lockName, String arrayName, long times) {
        try (ShmLock lock = ShmLock.open(lockName); SharedLongArray a = SharedLongArray.open(arrayName)) {
            for (long i = 0; i < times; i++) {
                lock.lock();
                try {
                    a.set(0, a.get(0) + 1);
                } finally {
                    lock.unlock();
                }
            }
        }
        System.out.println("OK");
    }

    /** Puts {@code count} items {@code [producer, seq]} on a shared queue. */
    private static void queuePut(String name, int producer, int count) throws InterruptedException {
        try (ShmQueue q = ShmQueue.open(name)) {
            for (int seq = 0; seq < count; seq++) {
                q.put(java.nio.ByteBuffer.allocate(8).putInt(producer).putInt(seq).array());
            }
        }
        System.out.println("OK");
    }

    /** Halts this JVM when stdin reaches EOF: the parent is gone or wants us gone. */
    /** Halts this JVM when its stdin (the parent's lifeline) ends: the child never outlives the parent. */
    public static void watchLifeline() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // ignore anything the parent sends on the lifeline
                }
            } catch (IOException ignored) {
                // broken pipe: the parent is gone too
            }
            Runtime.getRuntime().halt(3);
        }, "lifeline");
        t.setDaemon(true);
        t.start();
    }
}
