package dev.crossover.run;

import dev.crossover.results.RunMetadataFile;
import jdk.management.VirtualThreadSchedulerMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineProbeTest {

    @TempDir
    Path dir;

    @Test
    void stealIsTheShareOfStolenTicksOverTheRun() throws IOException {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "cpu  100 0 100 700 0 0 0 100 0 0\ncpu0 50 0 50 350 0 0 0 50 0 0\n");
        MachineProbe.CpuTicks start = MachineProbe.cpuTicks(stat);
        Files.writeString(stat, "cpu  200 0 200 1500 0 0 0 100 0 0\n");
        MachineProbe.CpuTicks end = MachineProbe.cpuTicks(stat);
        assertEquals(1000, start.total());
        assertEquals(0.0, end.stealPercentSince(start), 1e-9);
        Files.writeString(stat, "cpu  300 0 300 2200 0 0 0 200 0 0\n");
        assertEquals(10.0, MachineProbe.cpuTicks(stat).stealPercentSince(end), 1e-9);
        assertNull(MachineProbe.cpuTicks(dir.resolve("missing")));
        assertTrue(Double.isNaN(end.stealPercentSince(null)));
    }

    @Test
    void cpuModelAndLoadComeFromProcFiles() throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n");
        assertEquals("AMD EPYC 7B13", MachineProbe.cpuModel(cpuinfo));
        Path loadavg = dir.resolve("loadavg");
        Files.writeString(loadavg, "1.25 0.80 0.40 2/90 6000\n");
        assertEquals(1.25, MachineProbe.loadAverage(loadavg), 1e-9);
        assertTrue(Double.isNaN(MachineProbe.loadAverage(dir.resolve("missing"))));
    }

    @Test
    void warnsOnBusyStartOrStealOnly() {
        assertNull(MachineProbe.noiseWarning(0.5, 0.3, 2));
        assertTrue(MachineProbe.noiseWarning(1.8, 0.3, 2).contains("load average 1.80"));
        assertTrue(MachineProbe.noiseWarning(0.1, 7.5, 2).contains("steal 7.5%"));
        assertNull(MachineProbe.noiseWarning(Double.NaN, Double.NaN, 2));
    }

    @Test
    void theVirtualThreadSchedulerIsDerivedAsTheJdkDerivesIt() {
        RunMetadataFile.VirtualThreadScheduler none = MachineProbe.virtualThreadScheduler(List.of("-Xmx1g"), 2);
        assertEquals(2, none.parallelism());
        assertEquals(256, none.maxPoolSize());
        assertEquals(1, none.minRunnable());
        assertTrue(none.source().contains("available processors (2)"), none.source());

        RunMetadataFile.VirtualThreadScheduler one = MachineProbe.virtualThreadScheduler(
                List.of("-Djdk.virtualThreadScheduler.parallelism=8", "-Djdk.virtualThreadScheduler.parallelism=1"), 2);
        assertEquals(1, one.parallelism(), "the last of repeated flags wins");
        assertEquals(256, one.maxPoolSize());
        assertEquals(1, one.minRunnable());
        assertEquals("-Djdk.virtualThreadScheduler.parallelism=1", one.source());

        RunMetadataFile.VirtualThreadScheduler active = MachineProbe.virtualThreadScheduler(List.of("-XX:ActiveProcessorCount=6"), 2);
        assertEquals(6, active.parallelism());
        assertEquals(3, active.minRunnable());
        assertTrue(active.source().contains("ActiveProcessorCount=6"), active.source());

        RunMetadataFile.VirtualThreadScheduler capped = MachineProbe.virtualThreadScheduler(
                List.of("-Djdk.virtualThreadScheduler.parallelism=8", "-Djdk.virtualThreadScheduler.maxPoolSize=3"), 2);
        assertEquals(3, capped.parallelism(), "maxPoolSize caps parallelism");
        assertEquals(3, capped.maxPoolSize());
        assertTrue(capped.source().contains("capped by"), capped.source());

        RunMetadataFile.VirtualThreadScheduler bad = MachineProbe.virtualThreadScheduler(
                List.of("-Djdk.virtualThreadScheduler.parallelism=two"), 2);
        assertNull(bad.parallelism());
        assertTrue(bad.source().contains("not a number") && bad.source().contains("two"), bad.source());
    }

    @Test
    void theDerivationMatchesThisJvmsOwnScheduler() {
        VirtualThreadSchedulerMXBean real = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        RunMetadataFile.VirtualThreadScheduler derived = MachineProbe.virtualThreadScheduler(MachineProbe.inputArguments(),
                Runtime.getRuntime().availableProcessors());
        assertEquals(real.getParallelism(), derived.parallelism());
    }

    @Test
    void commitIsTheOneTheJarWasBuiltFromWhereverTheRunStarts() {
        String fromBuild = MachineProbe.commit(dir);
        assertTrue(fromBuild != null && fromBuild.matches("[0-9a-f]{40}(-dirty)?"),
                "the build writes " + MachineProbe.BUILD_COMMIT_RESOURCE + " beside MachineProbe; got " + fromBuild);
        assertNull(MachineProbe.workTreeCommit(dir), "a temporary directory is no work tree");
    }

    @Test
    void buildCommitMarksADirtyTreeAndRefusesMalformedIds() {
        String id = "0123456789abcdef0123456789abcdef01234567";
        assertEquals(id, MachineProbe.buildCommit(props("git.commit.id.full=" + id + "\ngit.dirty=false\n")));
        assertEquals(id + "-dirty", MachineProbe.buildCommit(props("git.commit.id.full=" + id + "\ngit.dirty=true\n")));
        assertNull(MachineProbe.buildCommit(props("git.commit.id.full=${git.commit.id.full}\n")));
        assertNull(MachineProbe.buildCommit(null));
    }

    private static java.io.InputStream props(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
