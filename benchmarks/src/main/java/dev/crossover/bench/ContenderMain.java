package dev.crossover.bench;

import dev.crossover.ipc.IdleStrategy;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmBoundedSemaphore;
import dev.crossover.ipc.ShmLock;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A contending child JVM of {@link Contenders.ProcessRounds}: {@code KIND ID SHARE CONTROL ARGS...}.
 * Each round it does {@code SHARE} operations of its kind, then adds 1 to the finished count.
 * Kinds: {@code shared-add COUNTERS}, {@code partitioned-add COUNTERS}, {@code shm-lock LOCK CELL},
 * {@code shm-semaphore SEMAPHORE HOLDERS} (holders: element 0 the count inside, element 1 its peak),
 * {@code file-lock FILE CELL}. It halts when its stdin (the lifeline) closes.
 */
public final class ContenderMain {

    private ContenderMain() {
    }

    /** Longs between partitioned slots: 128 bytes, so no two contenders share a cache-line pair. */
    static final int SLOT_STRIDE = 16;

    public static void main(String[] args) throws Exception {
        TransportSinkMain.lifeline();
        String kind = args[0];
        int id = Integer.parseInt(args[1]);
        int share = Integer.parseInt(args[2]);
        try (SharedLongArray control = SharedLongArray.open(args[3])) {
            Runnable work = switch (kind) {
                case "shared-add", "partitioned-add" -> {
                    SharedLongArray counters = SharedLongArray.open(args[4]);
                    int slot = kind.equals("shared-add") ? 0 : (id + 1) * SLOT_STRIDE;
                    yield () -> {
                        for (int i = 0; i < share; i++) {
                            counters.add(slot, 1);
                        }
                    };
                }
                case "shm-lock" -> {
                    ShmLock lock = ShmLock.open(args[4]);
                    SharedLongArray cell = SharedLongArray.open(args[5]);
                    yield () -> {
                        for (int i = 0; i < share; i++) {
                            lock.lock();
                            try {
                                cell.set(0, cell.get(0) + 1);
                            } finally {
                                lock.unlock();
                            }
                        }
                    };
                }
                case "shm-semaphore" -> {
                    ShmBoundedSemaphore semaphore = ShmBoundedSemaphore.open(args[4]);
                    SharedLongArray holders = SharedLongArray.open(args[5]);
                    yield () -> {
                        for (int i = 0; i < share; i++) {
                            try {
                                semaphore.acquire();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            try {
                                long in = holders.add(0, 1);
                                for (long peak = holders.get(1); in > peak && !holders.compareAndSet(1, peak, in); peak = holders.get(1)) {
                                    // another holder raised the peak meanwhile: read it again
                                }
                            } finally {
                                holders.add(0, -1);
                                semaphore.release();
                            }
                        }
                    };
                }
                case "file-lock" -> {
                    FileChannel ch = FileChannel.open(Path.of(args[4]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    SharedLongArray cell = SharedLongArray.open(args[5]);
                    yield () -> {
                        try {
                            for (int i = 0; i < share; i++) {
                                try (FileLock l = ch.lock()) {
                                    cell.set(0, cell.get(0) + 1);
                                }
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown contender kind " + kind);
            };
            IdleStrategy idle = new IdleStrategy.Backoff();
            for (long round = 1; ; round++) {
                idle.reset();
                while (control.get(0) < round) {
                    idle.idle();
                }
                work.run();
                control.add(1, 1);
            }
        }
    }
}
