package dev.crossover.cli;

import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What {@code report} and {@code advise} share: finding the run to read and checking claim IDs. */
final class Inputs {

    /** Where {@code crossover run} points at the newest run. */
    static final Path LATEST = Path.of("results", "latest");

    private Inputs() {
    }

    /** Loads the given run directory or JMH files, or {@code results/latest} when none are given. */
    static RunData load(List<Path> given) throws BadInputException {
        if (given == null || given.isEmpty()) {
            if (!Files.exists(LATEST)) {
                throw new BadInputException(LATEST.toAbsolutePath() + ": no run found; run 'mvn verify -Pbench' "
                        + "(or 'scripts/crossover run') first, or give a run directory or JMH JSON files");
            }
            Path latest;
            try {
                // a symbolic link, or where links cannot be made a file holding the run's path
                latest = dev.crossover.run.ResultsRoot.resolveLatest(LATEST.getParent());
            } catch (java.io.IOException e) {
                throw new BadInputException(LATEST, "cannot be resolved: " + e.getMessage());
            }
            return RunData.load(List.of(latest == null ? LATEST : latest));
        }
        return RunData.load(given);
    }

    /** Where the report of an archive {@code run.tgz} goes by default: {@code run-report/} beside it. */
    static Path besideArchive(Path archive) {
        String n = archive.getFileName().toString().replaceFirst("(?i)(\\.tar\\.gz|\\.tgz)$", "");
        Path parent = archive.toAbsolutePath().getParent();
        return parent.resolve(n + "-report");
    }

    /** Parses "C4,X3" against the catalog; an unknown ID is bad input listing the accepted ones. */
    static Set<String> ids(List<String> raw, ClaimsCatalog catalog) throws BadInputException {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : raw) {
            for (String id : part.split(",")) {
                String t = id.trim().toUpperCase(Locale.ROOT);
                if (t.isEmpty()) {
                    continue;
                }
                if (catalog.entries().containsKey(t)) {
                    out.add(t);
                } else {
                    unknown.add(id.trim());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException("unknown claim or crossover ID(s): " + String.join(", ", unknown)
                    + "; accepted: " + String.join(", ", catalog.ids()));
        }
        return out;
    }
}
