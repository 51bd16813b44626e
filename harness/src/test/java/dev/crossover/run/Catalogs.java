package dev.crossover.run;

import org.openjdk.jmh.annotations.Mode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A catalog shaped like the contract's benchmarks (CONTRACT.md), for plan tests. */
final class Catalogs {

    private Catalogs() {
    }

    static final String PKG = "dev.crossover.bench.";

    static List<BenchmarkInfo> contractLike() {
        List<BenchmarkInfo> l = new ArrayList<>();
        l.add(b("CpuUnitBench", "unit", Mode.AverageTime, Map.of(), "X2"));
        l.add(b("CpuBoundBench", "poolSweep", Mode.Throughput, params(
                "executor", List.of("THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"),
                "poolSize", List.of("1", "cores/2", "cores", "2*cores", "4*cores"),
                "taskUnits", List.of("1000"),
                "kernel", List.of("cpu")), "C4", "C8", "X1"));
        l.add(b("CpuBoundBench", "taskSizeSweep", Mode.Throughput, params(
                "executor", List.of("THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"),
                "taskUnits", List.of("1", "10", "100", "1000", "10000"),
                "poolSize", List.of("cores"),
                "kernel", List.of("cpu"),
                "sweep", List.of("size")), "C4", "C8", "X1"));
        for (Mode m : List.of(Mode.Throughput, Mode.SampleTime)) {
            l.add(b("IoBoundBench", "requests", m, params(
                    "executor", List.of("FIXED_CORES", "FIXED_FORMULA", "THREAD_PER_TASK", "VIRTUAL", "VIRTUAL_CAPPED", "VIRTUAL_CAPPED_HALF", "PROCESS"),
                    "concurrency", List.of("1", "10", "100", "1000", "10000"),
                    "delayMs", List.of("100")), "C13", "C14", "C16", "X3"));
        }
        // Same param names as requests, other values: must not be swept over requests' values.
        l.add(b("IoBoundBench", "latency", Mode.SampleTime, params(
                "executor", List.of("VIRTUAL", "PROCESS"),
                "concurrency", List.of("1", "1000"),
                "delayMs", List.of("100")), "C13", "C14", "C16", "X3"));
        l.add(b("MixedBench", "mixed", Mode.Throughput, params(
                "waitFraction", List.of("0", "0.5", "0.9", "0.99"),
                "poolSize", List.of("cores", "formula", "2*formula", "virtual"),
                "kernel", List.of("mixed")), "X4"));
        for (String m : List.of("platformHandoff", "virtualHandoff", "pipeFramed", "pipeRaw", "shmSpin", "shmPool")) {
            l.add(b("RoundTripBench", m, Mode.AverageTime, Map.of(), "C6", "C1"));
            l.add(b("RoundTripBench", m, Mode.SampleTime, Map.of(), "C6", "C1"));
        }
        for (String m : List.of("monitor", "reentrantLock", "semaphore")) {
            l.add(b("LockBench", m, Mode.Throughput, params("contenders", List.of("1", "cores", "2*cores")), "C3", "C15"));
        }
        for (String m : List.of("pipe", "queue", "ring")) {
            l.add(b("TransportThroughputBench", m, Mode.Throughput, params("payload", List.of("8", "32", "1024", "65536")), "C1", "C2"));
        }
        return l;
    }

    static BenchmarkInfo b(String cls, String method, Mode mode, Map<String, List<String>> params, String... serves) {
        return BenchmarkInfo.of(PKG + cls, method, mode, params, List.of(serves));
    }

    static Map<String, List<String>> params(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }
}
