package dev.crossover.cli;

import dev.crossover.run.Leftovers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code crossover clean}: removes what crashed runs left behind: {@code crossover-*} files in
 * {@code /dev/shm} and the temp directory that no living process maps or holds open, and child JVMs
 * ({@code WorkerMain}, {@code DelayServerMain}) whose parent is gone.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Removes stale crossover-* files in /dev/shm and the temp directory (no living process maps or",
                "holds them) and stray worker or delay-server JVMs whose parent is gone."})
public final class CleanCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "Only list what would be removed.")
    boolean dryRun;

    @Option(names = "--min-age", defaultValue = "10", paramLabel = "SECONDS",
            description = "Leave files younger than this alone (their owner may be about to map them). Default 10.")
    long minAgeSeconds;

    @Override
    public Integer call() {
        List<ProcessHandle> strays = Leftovers.strayWorkers();
        List<Path> stale = Leftovers.staleFiles(Leftovers.files(Leftovers.fileDirectories()), Duration.ofSeconds(minAgeSeconds));
        if (dryRun) {
            strays.forEach(p -> System.out.println("would end " + Leftovers.describe(p)));
            stale.forEach(f -> System.out.println("would remove " + f));
        } else {
            Leftovers.kill(strays, Duration.ofSeconds(2)).forEach(d -> System.out.println("ended " + d));
            Leftovers.delete(stale).forEach(f -> System.out.println("removed " + f));
        }
        if (strays.isEmpty() && stale.isEmpty()) {
            System.out.println("crossover clean: nothing to clean");
        }
        return ExitCodes.OK;
    }
}
