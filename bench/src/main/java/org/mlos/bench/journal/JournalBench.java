package org.mlos.bench.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlos bench journal}: the journal kind against its raw writer, the cache node under
 * memaslap in each durability, and the durable store's recovery time per million entries.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "The journal through the kind against its raw writer (same run, alternating rounds); a cache node "
                + "under memaslap with mlos.fault.durability none, batch and sync (alternating rounds, ratio to none); "
                + "the durable store's recovery time per million entries, from its journal and from a checkpoint.")
public final class JournalBench implements Callable<Integer> {

    @Option(names = "--appends", defaultValue = "1000000", description = "appends per measured round (default ${DEFAULT-VALUE})")
    int appends;

    @Option(names = "--record-bytes", defaultValue = "16", description = "record size (default ${DEFAULT-VALUE})")
    int recordBytes;

    @Option(names = "--rounds", defaultValue = "5", description = "alternating rounds per comparison (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--entries", defaultValue = "1000000", description = "entries the recovery measurement writes (default ${DEFAULT-VALUE})")
    int entries;

    @Option(names = "--seconds", defaultValue = "5", description = "memaslap seconds per durability and round (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--get-ratio", defaultValue = "0.9", description = "memaslap's share of gets (default ${DEFAULT-VALUE})")
    double getRatio;

    @Option(names = "--parts", split = ",", defaultValue = "append,memcached,recovery",
            description = "which parts to run (default ${DEFAULT-VALUE})")
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("mlos-bench-journal");
        try {
            if (parts.contains("append")) {
                new AppendRate("segments", AppendSides::segments, work, appends, recordBytes, rounds).run();
                new AppendRate("chronicle", AppendSides::chronicle, work, appends, recordBytes, rounds).run();
            }
            if (parts.contains("recovery")) {
                new RecoveryTime(work, entries).run();
            }
            if (parts.contains("memcached")) {
                new DurabilityLoad(work, seconds, rounds, getRatio).run();
            }
            return 0;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
