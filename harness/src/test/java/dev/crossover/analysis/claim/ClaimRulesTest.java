package dev.crossover.analysis.claim;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.CrossoverRules;
import dev.crossover.analysis.Verdict;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.RunData;
import dev.crossover.stats.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimRulesTest {

    private static final ClaimsCatalog CATALOG = ClaimsCatalog.bundled();

    @Test
    void thereIsOneRulePerClaimOfTheCatalogInItsOrder() {
        assertEquals(CATALOG.claimIds(), ClaimRules.all().stream().map(ClaimRule::id).toList());
        assertTrue(CATALOG.claimIds().containsAll(ClaimRules.measured().keySet()), "rules for IDs the catalog does not define");
        ClaimRules.measured().values().forEach(r -> assertFalse(r.needs().isEmpty(), r.id() + " names no benchmark"));
    }

    @Test
    void everyClaimGetsAVerdictEvenWithoutDataAndSaysWhatWouldSettleIt() {
        Analysis a = Analysis.of(Runs.run(List.of(), null, Map.of()));
        assertEquals(CATALOG.claimIds().size(), a.verdicts().size());
        a.verdicts().values().forEach(v -> {
            assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.id());
            assertNotNull(v.settleBy(), v.id());
        });
        a.crossovers().values().stream().filter(f -> CrossoverRules.ids().contains(f.id()))
                .forEach(f -> assertTrue(f.summary().startsWith("not measured"), f.id() + ": " + f.summary()));
    }

    @Test
    void everyClaimOfTheCatalogHasARuleOfItsOwn() {
        assertEquals(new java.util.TreeSet<>(CATALOG.claimIds()), new java.util.TreeSet<>(ClaimRules.measured().keySet()));
    }

    @Test
    void aClaimNoBenchmarkServesIsInconclusiveAndNamesTheExperimentFromTheCatalog() {
        // a catalog with one claim more than the suite has rules for
        String row = "| C99 | A claim the suite has no rule for. | Count the widgets a pool makes per second. |";
        ClaimsCatalog grown = ClaimsCatalog.parse(String.join("\n", CATALOG.entries().values().stream()
                .map(e -> "| " + e.id() + " | " + e.text() + " | " + e.experiment() + " |").toList()) + "\n" + row);
        List<ClaimRule> rules = ClaimRules.all(grown);
        ClaimRule rule = rules.getLast();
        assertEquals("C99", rule.id());
        assertTrue(rule instanceof NoBenchmarkYet, rule.getClass().getName());
        Verdict v = ClaimRules.verdict(rule, new ClaimInput(grown.entries().get("C99"), List.of(), List.of(), 2, null, Map.of(), 0.02));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertEquals("no benchmark serves this claim yet", v.gist());
        assertTrue(v.settleBy().contains("@Serves(\"C99\")") && v.settleBy().contains("Count the widgets"), v.settleBy());
    }

    @Test
    void aMeasuredVerdictWithoutAForkIntervalCannotBeMade() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClaimDecision("C2", VerdictKind.HOLDS, List.of(), List.of(), Map.of(), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ClaimDecision("C2", VerdictKind.INCONCLUSIVE, List.of(), List.of(), Map.of(), null, null));
    }

    /** The recorded 2-core run (3 forks per result). */
    private static Analysis recorded() throws Exception {
        return Analysis.of(RunData.load(List.of(Path.of("src/test/resources/fixtures/run-2core"))));
    }

    @Test
    void theTextOfEveryVerdictStatesEachComparisonWithTheOutcomeOfItsInterval() throws Exception {
        for (Verdict v : recorded().verdicts().values()) {
            for (Comparison c : v.comparisons()) {
                String line = v.reason().lines().filter(l -> l.startsWith("- " + c.label() + ":")).findFirst().orElse(null);
                assertNotNull(line, v.id() + " does not state " + c.label() + ":\n" + v.reason());
                String outcome = c.outcome() == Outcome.TIE ? "a tie" : c.outcome().word();
                assertTrue(line.contains(outcome) && line.contains(c.ratioText()), v.id() + ": " + line);
                if (c.ratio() >= 1) {
                    assertTrue(line.contains(" better"), line);
                } else {
                    assertTrue(line.contains("(worse)"), line);
                }
            }
            if (v.kind().measured()) {
                assertTrue(v.comparisons().stream().anyMatch(c -> c.diff().interval().known()) || !v.decision().figures().isEmpty(),
                        v.id() + " is " + v.kind().word() + " without an interval");
            }
        }
    }

    @Test
    void theRecordedRunGetsTheNewKindsWhereTheOutcomeIsFixedByConstruction() throws Exception {
        Map<String, Verdict> v = recorded().verdicts();
        assertEquals(VerdictKind.NOT_APPLICABLE, v.get("C4").kind(), v.get("C4").reason());
        for (String id : List.of("C3", "C15")) {
            assertEquals(VerdictKind.DEMONSTRATED, v.get(id).kind(), id + ": " + v.get(id).reason());
        }
    }
}
