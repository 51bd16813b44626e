package dev.crossover.claims;

import dev.crossover.analysis.CrossoverRules;
import dev.crossover.analysis.claim.ClaimRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimsCatalogTest {

    /** The repository's notes/CLAIMS.md (tests run in the harness module directory). */
    private static ClaimsCatalog repository() throws Exception {
        return ClaimsCatalog.parse(Files.readString(Path.of("..", "notes", "CLAIMS.md")));
    }

    @Test
    void noRuleDecidesAnIdTheNotesDoNotDefine() throws Exception {
        ClaimsCatalog catalog = repository();
        List<String> orphan = new ArrayList<>(ClaimRules.measured().keySet());
        orphan.addAll(CrossoverRules.ids());
        orphan.removeAll(catalog.ids());
        assertEquals(List.of(), orphan, "rules for IDs that notes/CLAIMS.md does not define");
    }

    @Test
    void theCatalogHoldsTwentyFiveClaimsAndSevenCrossoversWithTheirText() throws Exception {
        ClaimsCatalog catalog = repository();
        assertEquals(25, catalog.claimIds().size(), catalog.ids().toString());
        assertEquals(7, catalog.crossoverIds().size(), catalog.ids().toString());
        assertEquals("C1", catalog.claimIds().getFirst());
        assertEquals("C25", catalog.claimIds().getLast());
        assertTrue(catalog.text("C4").contains("GIL"), catalog.text("C4"));
        assertTrue(catalog.entries().get("C4").experiment().contains("pool = cores"));
        assertTrue(catalog.text("X3").startsWith("I/O-bound"), catalog.text("X3"));
        assertTrue(catalog.text("X7").startsWith("Blocking vs non-blocking"), catalog.text("X7"));
        assertTrue(catalog.entries().get("X7").experiment().isEmpty(), "a crossover row has no experiment column");
    }

    @Test
    void theBundledCopyMatchesTheRepositoryNotes() throws Exception {
        assertEquals(repository(), ClaimsCatalog.bundled(), "the build copies notes/CLAIMS.md into the jar; rebuild");
    }

    @Test
    void verdictKindsAreWrittenAsTheNotesWriteThem() {
        assertEquals("not applicable", VerdictKind.NOT_APPLICABLE.word());
        assertEquals("demonstrated", VerdictKind.DEMONSTRATED.word());
        assertTrue(VerdictKind.HOLDS.measured() && VerdictKind.DEPENDS.measured() && !VerdictKind.DEMONSTRATED.measured()
                && !VerdictKind.INCONCLUSIVE.measured());
    }
}
