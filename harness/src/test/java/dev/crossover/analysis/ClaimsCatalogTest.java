package dev.crossover.analysis;

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
    void everyIdOfClaimsMdHasAVerdictOrCrossoverRule() throws Exception {
        ClaimsCatalog catalog = repository();
        List<String> missing = new ArrayList<>();
        for (String id : catalog.ids()) {
            boolean ruled = id.startsWith("C") ? VerdictRules.ids().contains(id) : CrossoverRules.ids().contains(id);
            if (!ruled) {
                missing.add(id);
            }
        }
        assertEquals(List.of(), missing, "IDs in notes/CLAIMS.md with no rule in VerdictRules or CrossoverRules");
        // and no rule judges an ID the notes do not have
        List<String> orphan = new ArrayList<>(VerdictRules.ids());
        orphan.addAll(CrossoverRules.ids());
        orphan.removeAll(catalog.ids());
        assertEquals(List.of(), orphan, "rules for IDs that notes/CLAIMS.md does not define");
    }

    @Test
    void theCatalogHoldsSixteenClaimsAndSixCrossoversWithTheirText() throws Exception {
        ClaimsCatalog catalog = repository();
        assertEquals(16, catalog.claimIds().size(), catalog.ids().toString());
        assertEquals(6, catalog.crossoverIds().size(), catalog.ids().toString());
        assertTrue(catalog.text("C4").contains("GIL"), catalog.text("C4"));
        assertTrue(catalog.entries().get("C4").experiment().contains("pool = cores"));
        assertTrue(catalog.text("X3").startsWith("I/O-bound"), catalog.text("X3"));
    }

    @Test
    void theBundledCopyMatchesTheRepositoryNotes() throws Exception {
        assertEquals(repository(), ClaimsCatalog.bundled(), "the build copies notes/CLAIMS.md into the jar; rebuild");
    }
}
