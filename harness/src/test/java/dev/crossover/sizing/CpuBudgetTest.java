package dev.crossover.sizing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBudgetTest {

    @TempDir
    Path root;

    private void write(String rel, String content) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    @Test
    void v2QuotaOfOneAndAHalfCoresRoundsUpToTwo() throws IOException {
        write("cpu.max", "150000 100000\n");
        CpuBudget b = CpuBudget.detect(root, 8, List.of());
        assertEquals(2, b.cores());
        assertEquals(1.5, b.cgroupQuotaCores(), 1e-9);
        assertEquals("cgroup quota", b.source());
        assertTrue(b.explanation().stream().anyMatch(l -> l.contains("rounded up")), b.explanation().toString());
    }

    @Test
    void v2MaxMeansNoQuota() throws IOException {
        write("cpu.max", "max 100000\n");
        CpuBudget b = CpuBudget.detect(root, 4, List.of());
        assertEquals(4, b.cores());
        assertTrue(Double.isNaN(b.cgroupQuotaCores()));
        assertEquals("availableProcessors", b.source());
    }

    @Test
    void v1QuotaIsRead() throws IOException {
        write("cpu,cpuacct/cpu.cfs_quota_us", "250000\n");
        write("cpu,cpuacct/cpu.cfs_period_us", "100000\n");
        CpuBudget b = CpuBudget.detect(root, 8, List.of());
        assertEquals(3, b.cores());
        assertEquals(2.5, b.cgroupQuotaCores(), 1e-9);
    }

    @Test
    void v1UnlimitedQuotaIsNoLimit() throws IOException {
        write("cpu/cpu.cfs_quota_us", "-1\n");
        write("cpu/cpu.cfs_period_us", "100000\n");
        CpuBudget b = CpuBudget.detect(root, 6, List.of());
        assertEquals(6, b.cores());
        assertTrue(Double.isNaN(b.cgroupQuotaCores()));
    }

    @Test
    void cpusetCountsRangesAndSingles() throws IOException {
        write("cpuset.cpus.effective", "0-3,8\n");
        CpuBudget b = CpuBudget.detect(root, 16, List.of());
        assertEquals(5, b.cores());
        assertEquals("0-3,8", b.cpuset());
        assertEquals("cpuset", b.source());
    }

    @Test
    void v1CpusetIsRead() throws IOException {
        write("cpuset/cpuset.cpus", "2-3\n");
        assertEquals(2, CpuBudget.detect(root, 16, List.of()).cores());
    }

    @Test
    void smallestLimitWins() throws IOException {
        write("cpu.max", "150000 100000\n");
        write("cpuset.cpus.effective", "0-3,8\n");
        CpuBudget b = CpuBudget.detect(root, 16, List.of());
        assertEquals(2, b.cores());
        assertEquals("cgroup quota", b.source());
        assertEquals(1, CpuBudget.detect(root, 1, List.of()).cores());
        assertEquals("availableProcessors", CpuBudget.detect(root, 1, List.of()).source());
    }

    @Test
    void missingFilesMeanNoLimits() {
        CpuBudget b = CpuBudget.detect(root.resolve("nothing-here"), 2, List.of());
        assertEquals(2, b.cores());
        assertEquals("availableProcessors", b.source());
        assertTrue(Double.isNaN(b.cgroupQuotaCores()));
        assertNull(b.cpuset());
        assertNull(b.activeProcessorCount());
        assertTrue(b.explanation().stream().anyMatch(l -> l.startsWith("cpuset: none")), b.explanation().toString());
    }

    @Test
    void activeProcessorCountOverridesEverything() throws IOException {
        write("cpu.max", "150000 100000\n");
        CpuBudget b = CpuBudget.detect(root, 2, List.of("-Xmx1g", "-XX:ActiveProcessorCount=7"));
        assertEquals(7, b.cores());
        assertEquals(7, b.activeProcessorCount());
        assertEquals("ActiveProcessorCount", b.source());
        assertEquals(1.5, b.cgroupQuotaCores(), 1e-9, "the quota is still reported");
    }

    @Test
    void garbageFilesAreReportedNotFatal() throws IOException {
        write("cpu.max", "lots\n");
        write("cpuset.cpus", "a-b\n");
        CpuBudget b = CpuBudget.detect(root, 3, List.of());
        assertEquals(3, b.cores());
        assertTrue(b.explanation().stream().anyMatch(l -> l.contains("ignored")), b.explanation().toString());
    }

    @Test
    void realDetectionGivesAtLeastOneCoreAndSaysWhy() {
        CpuBudget b = CpuBudget.detect();
        assertTrue(b.cores() >= 1);
        assertTrue(b.cores() <= Math.max(b.availableProcessors(), b.activeProcessorCount() == null ? 0 : b.activeProcessorCount()));
        assertTrue(b.explanation().getLast().startsWith("in force"));
    }
}
