package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by review: the kind is prototype-scoped, an instance for every calling node, and each had
 * slots of its own, so five callers ran five times {@code mlos.bridge.commands.at.once}. Two
 * instances on one folder, one slot: a command that takes a lock folder never finds it taken.
 */
class CommandsAtOnceCountPerHostNotPerCallerTest {

    private static final int CALLERS = 3;
    private static final int RUNS = 6;

    @TempDir
    Path dir;

    @Test
    void twoInstancesOnOneFolderShareItsSlots() throws Exception {
        List<AllowedCommands> instances = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            for (int i = 0; i < CALLERS; i++) {
                instances.add(new AllowedCommands("sh[-c]", dir, 60_000, 1 << 20, 1));
            }
            List<Future<Integer>> exits = new ArrayList<>();
            for (AllowedCommands c : instances) {
                exits.add(pool.submit(() -> {
                    int overlapped = 0;
                    for (int r = 0; r < RUNS; r++) {
                        // mkdir fails where another run holds the lock: that run would be a second at once
                        int exit = c.run("sh", List.of("-c", "mkdir held || exit 9; sleep 0.05; rmdir held"), null).exitCode();
                        overlapped += exit == 9 ? 1 : 0;
                    }
                    return overlapped;
                }));
            }
            int overlapped = 0;
            for (Future<Integer> f : exits) {
                overlapped += f.get();
            }
            assertEquals(0, overlapped, "runs that found another running beside them");
        } finally {
            pool.shutdownNow();
            instances.forEach(AllowedCommands::close);
        }
    }
}
