package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by review: a token file was created empty, then written, so a node started beside another
 * on a fresh machine could read it empty and refuse to start its front. Threads racing to make the
 * token, over and over in fresh folders: each reads the same whole token, and no partial file stays.
 */
class NodesStartedAtOnceReadOneWholeTokenTest {

    private static final int NODES = 4;
    private static final int ROUNDS = 50;

    @TempDir
    Path home;

    @Test
    void everyRacerReadsTheSameWholeToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                OperatorKeys keys = new OperatorKeys(home.resolve("r" + round));
                CyclicBarrier start = new CyclicBarrier(NODES);
                List<Future<String>> read = new ArrayList<>();
                for (int n = 0; n < NODES; n++) {
                    read.add(pool.submit(() -> {
                        start.await();
                        return Files.readString(keys.ensureBridgeToken()).trim();
                    }));
                }
                Set<String> tokens = new HashSet<>();
                for (Future<String> f : read) {
                    tokens.add(f.get());
                }
                assertEquals(1, tokens.size(), "round " + round + ": " + tokens);
                assertEquals(64, tokens.iterator().next().length(), "round " + round + ": a whole token");
                try (var files = Files.list(home.resolve("r" + round))) {
                    assertEquals(List.of("bridge.token"), files.map(p -> p.getFileName().toString()).toList());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
