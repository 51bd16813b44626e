package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.Futex;
import dev.crossover.ipc.NamedPipe;
import dev.crossover.ipc.ShmFile;
import dev.crossover.profile.ProcFs;
import dev.crossover.run.QuickGrid;
import dev.crossover.sizing.CpuAffinity;
import dev.crossover.workers.ChildJvm;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Question: does switching between processes cost more than switching between threads? (C6.)
 *
 * <p>A caller and an echo partner hand one 8-byte message to and fro, the partner being a platform
 * thread of this JVM or the main thread of a child JVM, through the same primitive on both sides:
 * <ul>
 * <li>{@code pipeThreads}, {@code pipeProcesses}: a pipe each way (named pipes, so both pairs open
 *     them the same way): the caller writes the request and blocks in {@code read(2)} on the reply;
 *     the partner blocks in {@code read(2)} on the request and writes it back.</li>
 * <li>{@code futexThreads}, {@code futexProcesses}: a doorbell in shared memory: a request word and
 *     a reply word in one mapped file; each side stores the word and wakes the other
 *     ({@code FUTEX_WAKE}), then sleeps in {@code FUTEX_WAIT} until its own word changes. No spin:
 *     every wait goes to the kernel.</li>
 * </ul>
 * With {@code placement=ONE_CPU} the caller thread and the partner thread are pinned to one CPU
 * ({@code sched_setaffinity} through FFM, each thread pinning itself, the child's the same way; the
 * pins are checked in {@code /proc/<pid>/task/<tid>/status}), so a round trip is at least two
 * context switches, one on each side, and the pinned round-trip time divided by the switches
 * counted is the cost of a switch with the pipe or futex calls around it. With
 * {@code placement=ANY_CPU} the scheduler may run the two on different CPUs: then the figure is the
 * cross-core wake-up latency, not a switch cost.
 *
 * <p>Secondary results: {@code callerSwitches} and {@code peerSwitches}, the voluntary plus
 * involuntary context switches of the caller thread and of the partner thread during each iteration
 * (from {@code /proc}), and {@code roundTrips}, the round trips of the iteration; all three are JMH
 * event counters (summed over iterations), so switches per round trip is {@code callerSwitches /
 * roundTrips} of the same iteration. The suite's {@code CostProfiler} adds {@code ctxSwitchesPerOp}
 * of the whole process tree.
 *
 * <p>Expected: pinned, about one switch per side per round trip for all four (two per round trip in
 * total), a few µs per switch, processes dearer than threads by the address-space switch (tens of
 * percent at most on a CPU with tagged TLBs); pipes dearer than the futex by their extra copies and
 * locking. Unpinned, each side usually sleeps on its own CPU: a wake-up across cores, slower or faster
 * than the pinned round trip depending on how deep the idle CPU sleeps.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar SwitchCostBench -f 1 -wi 2 -i 3 -w 1 -r 1}
 * (mean, then {@code -bm sample} for p50/p99).
 */
@QuickGrid(methods = {"futexProcesses", "pipeProcesses"})
@Serves({"C6"})
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class SwitchCostBench {

    /** Where the two sides run. */
    public enum Placement {
        /** Caller and partner pinned to one CPU: every hand-over is a context switch. */
        ONE_CPU,
        /** Wherever the scheduler puts them: the cross-core wake-up latency. */
        ANY_CPU
    }

    @Param({"ONE_CPU", "ANY_CPU"})
    public Placement placement;

    /** Options of the child JVM beyond the fork's own flags (which {@link ChildJvm} passes on): native access for the pin and the futex. */
    static final List<String> CHILD_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED");
    /** Longest wait for a child to start or a pipe end to be opened. */
    static final long START_SECONDS = 60;

    /** The secondary results of an iteration, filled in by the pair it counts for. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Switches {
        /** Context switches of the caller thread during the iteration. */
        public long callerSwitches;
        /** Context switches of the partner thread during the iteration. */
        public long peerSwitches;
        /** Round trips of the iteration. */
        public long roundTrips;
    }

    /**
     * A caller and its echo partner, counting the switches of both into {@link Switches}. The
     * caller pins itself at every iteration's setup (cheap, and right even if JMH ran the iteration
     * on another thread).
     */
    public abstract static class Pair {
        Switches counters;
        int cpu = -1;
        BitSet callerCpusBefore;
        long callerTid;
        long peerPid;
        long peerTid;
        private long callerBase;
        private long peerBase;
        final long pid = ProcessHandle.current().pid();
        final byte[] message = new byte[SwitchPeerMain.MESSAGE];
        final byte[] reply = new byte[SwitchPeerMain.MESSAGE];

        /** Picks the CPU for {@code ONE_CPU}: the last one this thread may use. */
        void place(SwitchCostBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SwitchCostBench");
            if (b.placement == Placement.ONE_CPU) {
                BitSet allowed = CpuAffinity.current();
                cpu = allowed.length() - 1;
            }
        }

        /** Records the partner's thread and checks its pin. */
        void partner(long pid, long tid) {
            peerPid = pid;
            peerTid = tid;
            checkPinned("partner", pid, tid);
        }

        void checkPinned(String who, long pid, long tid) {
            if (cpu >= 0) {
                String allowed = ProcFs.cpusAllowed(pid, tid);
                if (!Integer.toString(cpu).equals(allowed)) {
                    throw new IllegalStateException(who + " thread " + pid + "/" + tid + " should run on CPU " + cpu
                            + " only, but /proc says Cpus_allowed_list " + allowed + ": pinning did not take");
                }
            }
        }

        @Setup(Level.Iteration)
        public void beginIteration(Switches c) {
            if (cpu >= 0 && callerCpusBefore == null) {
                callerCpusBefore = CpuAffinity.pin(cpu);
            } else if (cpu >= 0) {
                CpuAffinity.pin(cpu);
            }
            callerTid = ProcFs.currentThreadId();
            checkPinned("caller", pid, callerTid);
            counters = c;
            c.callerSwitches = 0;
            c.peerSwitches = 0;
            c.roundTrips = 0;
            callerBase = ProcFs.threadContextSwitches(pid, callerTid);
            peerBase = ProcFs.threadContextSwitches(peerPid, peerTid);
        }

        @TearDown(Level.Iteration)
        public void endIteration() {
            counters.callerSwitches = ProcFs.threadContextSwitches(pid, callerTid) - callerBase;
            counters.peerSwitches = ProcFs.threadContextSwitches(peerPid, peerTid) - peerBase;
        }

        /** Gives the caller thread back the CPUs it had. */
        void unpinCaller() {
            if (callerCpusBefore != null) {
                CpuAffinity.set(callerCpusBefore);
                callerCpusBefore = null;
            }
        }
    }

    /** Two named pipes and the caller's ends of them; the partner's ends are opened by the partner. */
    abstract static class PipePair extends Pair {
        Path dir;
        Path requestFifo;
        Path replyFifo;
        FileOutputStream toPeer;
        FileInputStream fromPeer;

        void createFifos() throws IOException {
            dir = Files.createTempDirectory(ShmFile.directory(), "crossover-fifo-");
            requestFifo = NamedPipe.create(dir.resolve("request"));
            replyFifo = NamedPipe.create(dir.resolve("reply"));
        }

        /** Opens the caller's ends in the partner's order (request first); fails instead of hanging when the partner never opens. */
        void openCallerEnds(Runnable onTimeout) throws Exception {
            CompletableFuture<Void> open = CompletableFuture.runAsync(() -> {
                try {
                    toPeer = new FileOutputStream(requestFifo.toFile());
                    fromPeer = new FileInputStream(replyFifo.toFile());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                open.get(START_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                onTimeout.run();
                // release the blocked open by opening the other ends ourselves (O_RDWR never blocks on a FIFO)
                try (RandomAccessFile a = new RandomAccessFile(requestFifo.toFile(), "rw");
                     RandomAccessFile b = new RandomAccessFile(replyFifo.toFile(), "rw")) {
                    open.get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // failing anyway
                }
                throw new IllegalStateException("the echo partner did not open its pipe ends within " + START_SECONDS + " s");
            }
        }

        long roundTrip() throws IOException {
            toPeer.write(message);
            if (fromPeer.readNBytes(reply, 0, SwitchPeerMain.MESSAGE) != SwitchPeerMain.MESSAGE) {
                throw new IOException("the echo partner closed its reply pipe (it ended; see its stderr)");
            }
            counters.roundTrips++;
            return reply[0];
        }

        void closePipes() throws IOException {
            try {
                if (toPeer != null) {
                    toPeer.close(); // the partner reads the end of the request pipe and stops
                }
                if (fromPeer != null) {
                    fromPeer.close();
                }
            } finally {
                Files.deleteIfExists(requestFifo);
                Files.deleteIfExists(replyFifo);
                Files.deleteIfExists(dir);
            }
        }
    }

    /** The pipe pair with a platform thread of this JVM as the partner. */
    @State(Scope.Thread)
    public static class PipeThreads extends PipePair {
        Thread partner;

        @Setup(Level.Trial)
        public void start(SwitchCostBench b, BenchmarkParams params) throws Exception {
            place(b, params);
            createFifos();
            AtomicLong tid = new AtomicLong();
            CompletableFuture<Void> pinned = new CompletableFuture<>();
            partner = Thread.ofPlatform().daemon().name("switch-partner").start(() -> {
                try {
                    if (cpu >= 0) {
                        CpuAffinity.pin(cpu);
                    }
                    tid.set(ProcFs.currentThreadId());
                    pinned.complete(null);
                    SwitchPeerMain.pipeEcho(requestFifo, replyFifo);
                } catch (Throwable t) {
                    pinned.completeExceptionally(t);
                }
            });
            pinned.get(START_SECONDS, TimeUnit.SECONDS);
            partner(pid, tid.get());
            openCallerEnds(partner::interrupt);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            unpinCaller();
            closePipes();
            partner.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** The pipe pair with a child JVM's main thread as the partner. */
    @State(Scope.Thread)
    public static class PipeProcesses extends PipePair {
        Child child;

        @Setup(Level.Trial)
        public void start(SwitchCostBench b, BenchmarkParams params) throws Exception {
            place(b, params);
            createFifos();
            child = Child.start("pipe", cpu, requestFifo.toString(), replyFifo.toString());
            partner(child.process().pid(), child.tid);
            openCallerEnds(child::close);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            unpinCaller();
            try {
                closePipes();
            } finally {
                if (child != null) {
                    child.close();
                }
            }
        }
    }

    /** The request, reply and stop words of the doorbell in one mapped file. */
    abstract static class FutexPair extends Pair {
        ShmFile shm;
        MemorySegment words;
        final Arena arena = Arena.ofConfined();
        MemorySegment slice;
        int seq;
        private long lastLiveCheck;

        void createWords() {
            if (!Futex.available()) {
                throw new IllegalStateException("futexes are not callable here: Linux on x86-64 or AArch64 and --enable-native-access are needed");
            }
            shm = ShmFile.create("futex", SwitchPeerMain.WORDS_BYTES);
            words = shm.segment();
            slice = Futex.timeout(arena, SwitchPeerMain.WAIT_SLICE_NANOS);
        }

        /** Whether the partner still runs; asked only after a sleep that timed out. */
        abstract boolean peerAlive();

        int roundTrip() {
            int s = ++seq;
            Futex.setAndWake(words, SwitchPeerMain.REQUEST, s);
            int v;
            while ((v = Futex.get(words, SwitchPeerMain.REPLY)) != s) {
                Futex.await(words, SwitchPeerMain.REPLY, v, slice);
                if (Futex.get(words, SwitchPeerMain.REPLY) == v && System.nanoTime() - lastLiveCheck > SwitchPeerMain.WAIT_SLICE_NANOS) {
                    lastLiveCheck = System.nanoTime();
                    if (!peerAlive()) {
                        throw new IllegalStateException("the echo partner ended (see its stderr); reply " + v + " for request " + s);
                    }
                }
            }
            counters.roundTrips++;
            return v;
        }

        void stopPeer() {
            if (words != null) {
                Futex.setAndWake(words, SwitchPeerMain.STOP, 1);
                Futex.wake(words, SwitchPeerMain.REQUEST);
            }
        }

        void closeWords() {
            arena.close();
            if (shm != null) {
                shm.close();
            }
        }
    }

    /** The doorbell pair with a platform thread of this JVM as the partner. */
    @State(Scope.Thread)
    public static class FutexThreads extends FutexPair {
        Thread partner;

        @Setup(Level.Trial)
        public void start(SwitchCostBench b, BenchmarkParams params) throws Exception {
            place(b, params);
            createWords();
            AtomicLong tid = new AtomicLong();
            CompletableFuture<Void> pinned = new CompletableFuture<>();
            MemorySegment w = words;
            partner = Thread.ofPlatform().daemon().name("switch-partner").start(() -> {
                try {
                    if (cpu >= 0) {
                        CpuAffinity.pin(cpu);
                    }
                    tid.set(ProcFs.currentThreadId());
                    pinned.complete(null);
                    SwitchPeerMain.futexEcho(w, () -> true);
                } catch (Throwable t) {
                    pinned.completeExceptionally(t);
                }
            });
            pinned.get(START_SECONDS, TimeUnit.SECONDS);
            partner(pid, tid.get());
        }

        @Override
        boolean peerAlive() {
            return partner.isAlive();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            unpinCaller();
            try {
                stopPeer();
                partner.join(TimeUnit.SECONDS.toMillis(10));
            } finally {
                closeWords();
            }
        }
    }

    /** The doorbell pair with a child JVM's main thread as the partner. */
    @State(Scope.Thread)
    public static class FutexProcesses extends FutexPair {
        Child child;

        @Setup(Level.Trial)
        public void start(SwitchCostBench b, BenchmarkParams params) throws Exception {
            place(b, params);
            createWords();
            child = Child.start("futex", cpu, shm.path().toString());
            partner(child.process().pid(), child.tid);
        }

        @Override
        boolean peerAlive() {
            return child.process().isAlive();
        }

        @TearDown(Level.Trial)
        public void stop() {
            unpinCaller();
            try {
                stopPeer();
                if (child != null) {
                    child.close();
                }
            } finally {
                closeWords();
            }
        }
    }

    /** A child JVM running {@link SwitchPeerMain}, started and its {@code READY} line read. */
    static final class Child implements AutoCloseable {
        final ChildJvm.Child jvm;
        final long tid;

        private Child(ChildJvm.Child jvm, long tid) {
            this.jvm = jvm;
            this.tid = tid;
        }

        static Child start(String mode, int cpu, String... paths) throws IOException, InterruptedException {
            List<String> args = new ArrayList<>(List.of(mode, Integer.toString(cpu)));
            args.addAll(List.of(paths));
            ChildJvm.Child c = ChildJvm.launcher(SwitchPeerMain.class).jvmOptions(CHILD_OPTIONS).args(args)
                    .name("SwitchPeerMain " + mode).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(c.stdout(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return r.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                }).get(START_SECONDS, TimeUnit.SECONDS);
                if (line == null || !line.startsWith("READY ")) {
                    throw new IllegalStateException("SwitchPeerMain " + mode + " child said '" + line + "' instead of READY; its stderr: "
                            + c.finalStderrTail(java.time.Duration.ofSeconds(2)));
                }
                return new Child(c, Long.parseLong(line.split(" ")[1]));
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                c.destroy(java.time.Duration.ofSeconds(1));
                throw new IllegalStateException("SwitchPeerMain " + mode + " child did not start within " + START_SECONDS + " s: " + e, e);
            }
        }

        /** The child's process. */
        Process process() {
            return jvm.process();
        }

        /** Waits briefly for the child to end by itself (its pipe ended or its stop word is set), then stops it. */
        @Override
        public void close() {
            if (jvm.awaitExit(java.time.Duration.ofSeconds(5)) == null) {
                jvm.destroy(java.time.Duration.ofSeconds(1));
            }
        }
    }


    /** One round trip through a pipe each way, thread partner. */
    @Benchmark
    public long pipeThreads(PipeThreads p) throws IOException {
        return p.roundTrip();
    }

    /** One round trip through a pipe each way, child-JVM partner. */
    @Benchmark
    public long pipeProcesses(PipeProcesses p) throws IOException {
        return p.roundTrip();
    }

    /** One round trip through the shared-memory doorbell, thread partner. */
    @Benchmark
    public int futexThreads(FutexThreads p) {
        return p.roundTrip();
    }

    /** One round trip through the shared-memory doorbell, child-JVM partner. */
    @Benchmark
    public int futexProcesses(FutexProcesses p) {
        return p.roundTrip();
    }
}
