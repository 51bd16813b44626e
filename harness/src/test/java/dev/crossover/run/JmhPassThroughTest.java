package dev.crossover.run;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhPassThroughTest {

    @Test
    void splitsLikeAShell() {
        assertEquals(List.of("-f", "1", "-jvmArgs", "-Xmx1g -Dx=a b", ""),
                JmhPassThrough.split("  -f 1  -jvmArgs '-Xmx1g -Dx=a b' \"\""));
    }

    @Test
    void userOptionsWinOverThePresetAndParamsAreFound() throws PlanException {
        JmhPassThrough p = JmhPassThrough.parse("-f 2 -i 4 -r 300ms -p poolSize=cores,8 -prof gc -jvmArgsAppend -Xmx2g");
        RunSettings o = p.overrides();
        assertEquals(2, o.forks());
        assertEquals(4, o.measurementIterations());
        assertEquals(0.3, o.measurementSeconds(), 1e-9);
        assertNull(o.warmupIterations());
        assertEquals(Map.of("poolSize", List.of("cores", "8")), p.params(List.of("poolSize", "executor")));
        OptionsBuilder b = new OptionsBuilder();
        b.forks(1).measurementIterations(1);
        p.applyTo(b);
        Options built = b.build();
        assertEquals(2, built.getForkCount().get());
        assertEquals(4, built.getMeasurementIterations().get());
        assertEquals("gc", built.getProfilers().get(0).getKlass());
        assertTrue(built.getJvmArgsAppend().get().contains("-Xmx2g"));
        assertTrue(p.ignored().isEmpty());
    }

    @Test
    void harnessOwnedOptionsAreReportedAsIgnored() throws PlanException {
        JmhPassThrough p = JmhPassThrough.parse("Foo -rf csv -o out.txt");
        assertEquals(3, p.ignored().size(), p.ignored().toString());
        assertFalse(JmhPassThrough.none().ignored().iterator().hasNext());
    }

    @Test
    void optionsJmhRejectsAreBadInput() {
        PlanException e = assertThrows(PlanException.class, () -> JmhPassThrough.parse("-f notANumber"));
        assertTrue(e.getMessage().contains("-f notANumber"), e.getMessage());
    }
}
