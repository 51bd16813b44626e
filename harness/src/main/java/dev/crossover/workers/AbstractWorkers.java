package dev.crossover.workers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What every pool shares: {@code submit}, {@code map} and the iterators, built on one primitive,
 * {@link #submitChunk}, that hands a chunk of arguments to one worker as one unit.
 */
abstract class AbstractWorkers implements Workers {

    /**
     * Submits {@code args} to run on one worker as one unit (for process pools: one message).
     * Validates the kernel and the pool state first and throws at once when either is wrong.
     */
    abstract List<CompletableFuture<byte[]>> submitChunk(String kernel, List<byte[]> args);

    @Override
    public CompletableFuture<byte[]> submit(String kernel, byte[] arg) {
        Objects.requireNonNull(arg, "task argument is null; pass an empty array for no argument");
        return submitChunk(kernel, List.of(arg)).get(0);
    }

    /** All futures of {@code args}, in argument order, submitted in chunks of {@code chunkSize}. */
    final List<CompletableFuture<byte[]>> submitAll(String kernel, List<byte[]> args, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
        }
        Objects.requireNonNull(args, "args");
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null) {
                throw new NullPointerException("argument #" + i + " is null; pass an empty array for no argument");
            }
        }
        List<CompletableFuture<byte[]>> all = new ArrayList<>(args.size());
        for (int from = 0; from < args.size(); from += chunkSize) {
            all.addAll(submitChunk(kernel, args.subList(from, Math.min(args.size(), from + chunkSize))));
        }
        return all;
    }

    @Override
    public List<byte[]> map(String kernel, List<byte[]> args, int chunkSize) throws InterruptedException {
        List<CompletableFuture<byte[]>> futures = submitAll(kernel, args, chunkSize);
        awaitAll(futures);
        List<byte[]> results = new ArrayList<>(futures.size());
        for (CompletableFuture<byte[]> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                throw unwrap(e.getCause());
            }
        }
        return results;
    }

    /**
     * How {@code map} waits before it collects the results in order (which waits for any not yet
     * done and throws the first failure in argument order). Nothing here: a process pool's caller
     * waiting in {@code get()} reads its worker's answers itself, a whole chunk per answer.
     */
    void awaitAll(List<CompletableFuture<byte[]>> futures) throws InterruptedException {
    }

    @Override
    public Iterator<byte[]> imap(String kernel, List<byte[]> args, int chunkSize) {
        List<CompletableFuture<byte[]>> futures = submitAll(kernel, args, chunkSize);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < futures.size();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return join(futures.get(next++));
            }
        };
    }

    @Override
    public Iterator<byte[]> imapUnordered(String kernel, List<byte[]> args, int chunkSize) {
        List<CompletableFuture<byte[]>> futures = submitAll(kernel, args, chunkSize);
        LinkedBlockingQueue<CompletableFuture<byte[]>> done = new LinkedBlockingQueue<>();
        for (CompletableFuture<byte[]> f : futures) {
            f.whenComplete((r, e) -> done.add(f));
        }
        return new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < futures.size();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    CompletableFuture<byte[]> f = done.take();
                    taken++;
                    return join(f);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the next result");
                }
            }
        };
    }

    private static byte[] join(CompletableFuture<byte[]> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** The task's own exception ({@link RemoteTaskException}, {@link WorkerDiedException}, …), unwrapped. */
    static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new CompletionException(cause);
    }
}
