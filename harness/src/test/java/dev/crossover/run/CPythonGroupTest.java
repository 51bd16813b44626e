package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Choosing the interpreter: a bad --python is bad input naming it; no python3 at all is "not measured", never an error. */
class CPythonGroupTest {

    @TempDir
    Path tmp;

    private Path script(String name, String body) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void aMissingPathIsBadInputNamingIt() {
        Path missing = tmp.resolve("no-python");
        PlanException e = assertThrows(PlanException.class,
                () -> CPythonGroup.plan(missing.toString(), Preset.SMOKE, null, List.of(), 2, "/usr/bin"));
        assertTrue(e.getMessage().contains("--python " + missing) && e.getMessage().contains("CPython 3.10 or newer"), e.getMessage());
    }

    @Test
    void aProgramThatIsNotPythonIsBadInputSayingWhatItPrinted() throws IOException {
        Path notPython = script("fake", "echo 'usage: fake [options]'");
        PlanException e = assertThrows(PlanException.class,
                () -> CPythonGroup.plan(notPython.toString(), Preset.SMOKE, null, List.of(), 2, null));
        assertTrue(e.getMessage().contains(notPython + " is not a Python interpreter") && e.getMessage().contains("usage: fake"),
                e.getMessage());
    }

    @Test
    void aPythonOlderThan310IsBadInputNamingItsVersion() throws IOException {
        Path old = script("python3.8", "echo 'CROSSOVER_PY {\"impl\": \"cpython\", \"version\": [3, 8, 10], \"gil\": true}'");
        PlanException e = assertThrows(PlanException.class, () -> CPythonGroup.plan(old.toString(), Preset.SMOKE, null, List.of(), 2, null));
        assertTrue(e.getMessage().contains("is Python 3.8.10") && e.getMessage().contains("3.10 or newer"), e.getMessage());
    }

    @Test
    void anotherImplementationIsRefused() throws IOException {
        Path pypy = script("pypy3", "echo 'CROSSOVER_PY {\"impl\": \"pypy\", \"version\": [3, 10, 1], \"gil\": true}'");
        PlanException e = assertThrows(PlanException.class, () -> CPythonGroup.plan(pypy.toString(), Preset.SMOKE, null, List.of(), 2, null));
        assertTrue(e.getMessage().contains("is pypy 3.10.1, not CPython"), e.getMessage());
    }

    @Test
    void noPython3OnThePathIsNotMeasuredAndTheRunSaysSoInOneLine() throws Exception {
        CPythonGroup g = CPythonGroup.plan(null, Preset.SMOKE, null, List.of(), 2, tmp.toString());
        assertFalse(g.measures());
        assertTrue(g.planLine().startsWith("CPython: not measured: no python3 on the PATH"), g.planLine());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<GroupFailure> failures = g.run(tmp, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(List.of(), failures);
        String said = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(Files.readString(tmp.resolve(CPythonGroup.STATUS_FILE)).contains("\"measured\" : false"));
    }

    @Test
    void anOldPython3OnThePathIsNotMeasuredRatherThanAnError() throws Exception {
        script("python3", "echo 'CROSSOVER_PY {\"impl\": \"cpython\", \"version\": [3, 6, 9], \"gil\": true}'");
        CPythonGroup g = CPythonGroup.plan(null, Preset.SMOKE, null, List.of(), 2, tmp.toString());
        assertFalse(g.measures());
        assertTrue(g.planLine().contains("is Python 3.6.9"), g.planLine());
    }

    @Test
    void noneMeasuresNothing() throws Exception {
        assertEquals("CPython: not measured: --python none",
                CPythonGroup.plan("none", Preset.QUICK, null, List.of(), 2, "/usr/bin").planLine());
    }

    @Test
    void aRealPython3PassesTheCheck() throws Exception {
        Path py = CPythonGroup.onPath("python3", System.getenv("PATH"));
        assumeTrue(py != null, "no python3 on the PATH");
        CPythonGroup.Interpreter i = CPythonGroup.inspect(py, "python3");
        assertTrue(i.version().matches("3\\.\\d+\\.\\d+"), i.version());
        assertTrue(i.describe().startsWith("CPython 3."), i.describe());
    }
}
