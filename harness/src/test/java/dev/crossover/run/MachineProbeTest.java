package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
