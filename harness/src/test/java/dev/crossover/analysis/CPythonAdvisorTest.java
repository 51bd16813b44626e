package dev.crossover.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code advise --runtime cpython} reads the CPython curves: processes past the crossover, chunksize from the cost per message. */
public class CPythonAdvisorTest {

    @TempDir
    Path dir;

    public static final ObjectMapper JSON = new ObjectMapper();

    /** One CPython result with three forks of two iterations around {@code score}. */
    public static ObjectNode result(String benchmark, String mode, String unit, Map<String, String> params, double score) {
        ObjectNode r = JSON.createObjectNode();
        r.put("jmhVersion", CPythonAdvisor.FORMAT).put("benchmark", benchmark).put("mode", mode).put("forks", 3)
                .put("jvm", "/usr/bin/python3").put("jdkVersion", "3.11.7").put("vmName", "CPython").put("vmVersion", "3.11.7 (GIL enabled)");
        ObjectNode p = r.putObject("params");
        params.forEach(p::put);
        ObjectNode m = r.putObject("primaryMetric");
        m.put("score", score).put("scoreError", score * 0.02).put("scoreUnit", unit);
        ArrayNode raw = m.putArray("rawData");
        for (double f : new double[] {0.99, 1.0, 1.01}) {
            raw.addArray().add(score * f).add(score * f);
        }
        r.putArray("claims").add("C4");
        return r;
    }

    /** A CPython run on 2 cores: 0.1 µs per LCG step, processes overtake threads between 0.1 ms and 10 ms tasks. */
    static Path cpythonRun(Path dir) throws IOException {
        ArrayNode a = JSON.createArrayNode();
        a.add(result("cpython.CpuBound.singleThread", "thrpt", "ops/s", Map.of("taskIterations", "10000"), 1000));
        double[][] sizes = {{10, 0.3}, {1000, 1.0}, {100000, 1.8}};
        for (double[] s : sizes) {
            String n = String.valueOf((int) s[0]);
            double threads = 1e6 / (s[0] * 0.1 + 2);
            a.add(result("cpython.TaskSize.threads", "thrpt", "ops/s", Map.of("taskIterations", n), threads));
            a.add(result("cpython.TaskSize.processes", "thrpt", "ops/s", Map.of("taskIterations", n), threads * s[1]));
        }
        a.add(result("cpython.PoolMap.map", "thrpt", "ops/s", Map.of("chunksize", "1"), 1e6 / 30));
        a.add(result("cpython.PoolMap.map", "thrpt", "ops/s", Map.of("chunksize", "16"), 1e6 / 1.67));
        a.add(result("cpython.PoolMap.map", "thrpt", "ops/s", Map.of("chunksize", "256"), 1e6 / 0.19));
        a.add(result("cpython.BlockingIo.threadPool", "thrpt", "ops/s", Map.of("workers", "10", "delayMs", "10"), 900));
        JSON.writeValue(dir.resolve("jmh-cpython.json").toFile(), a);
        Files.writeString(dir.resolve("metadata.json"), "{\"cpuBudget\": {\"cores\": 2}}");
        return dir;
    }

    private CPythonAdvisor.Advice advise(double computeMicros, double waitMicros) throws Exception {
        return CPythonAdvisor.advise(Analysis.of(RunData.load(List.of(cpythonRun(dir)))), computeMicros, waitMicros);
    }

    @Test
    void longCpuTasksGoToAProcessPoolWithTheSmallestChunkThatCostsUnderFivePercent() throws Exception {
        CPythonAdvisor.Advice a = advise(5000, 0);
        assertTrue(a.best().startsWith("multiprocessing.Pool(") && a.best().endsWith("chunksize=1)"), a.best());
        CPythonAdvisor.Advice b = advise(100, 0);
        assertTrue(b.best().endsWith("chunksize=16)"), b.best());
        assertTrue(b.distance().startsWith("within the measured task sizes"), b.distance());
    }

    @Test
    void tinyCpuTasksStayOnThreadsWhereProcessesLose() throws Exception {
        CPythonAdvisor.Advice a = advise(2, 0);
        assertTrue(a.best().startsWith("ThreadPool("), a.best());
    }

    @Test
    void waitDominatedTasksGetAThreadPoolSizedByTheBlockingFormulaAndTheGilCap() throws Exception {
        CPythonAdvisor.Advice a = advise(100, 10_000);
        assertTrue(a.best().contains("ThreadPoolExecutor(202)"), a.best());
        assertTrue(a.lines().stream().anyMatch(l -> l.contains("at most 10000 tasks/s")), a.lines().toString());
        assertTrue(a.lines().stream().anyMatch(l -> l.contains("90% of its bound 1000")), a.lines().toString());
    }

    @Test
    void aRunWithoutCPythonResultsIsBadInputSayingHowToGetThem() throws Exception {
        Path jvmOnly = Path.of("src/test/resources/fixtures/run-2core");
        Analysis a = Analysis.of(RunData.load(List.of(jvmOnly)));
        BadInputException e = assertThrows(BadInputException.class, () -> CPythonAdvisor.advise(a, 100, 0));
        assertTrue(e.getMessage().contains("no CPython results") && e.getMessage().contains("--python PATH"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf("null"));
    }
}
