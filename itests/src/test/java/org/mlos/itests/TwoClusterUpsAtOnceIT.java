package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mlos.launcher.process.NodeLayout;

/**
 * Two 'mlos cluster up' of one cluster at once both found it down and started a cluster each;
 * 'cluster down' then stopped only the nodes of the list it read, and the others ran on. Now one
 * 'cluster up' waits while another holds the cluster's start lock, and starts no node meanwhile.
 * (The lock is held here by the test, as the first command holds it while its nodes start.)
 */
class TwoClusterUpsAtOnceIT {

    @Test
    void aClusterUpWaitsForTheOneStartingTheSameClusterAndStartsNothingMeanwhile() throws Exception {
        Path run = Files.createTempDirectory("mlos-itest-run-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path starting = Files.createDirectories(run.resolve("cluster").resolve("starting"));
        String name = "itest-twice-" + ProcessHandle.current().pid();
        Process second = null;
        try (FileChannel channel = FileChannel.open(starting.resolve(name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock first = channel.lock()) {
            try {
                ProcessBuilder pb = TestCli.of(NodeLayout.of(ItestOptions.root()), List.of("cluster", "up", "--name", name,
                        "--nodes", "cache=1"));
                pb.environment().put("MLOS_RUN_DIR", run.toString());
                second = pb.redirectErrorStream(true).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
                CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                    StringBuilder seen = new StringBuilder();
                    try {
                        for (String line; (line = out.readLine()) != null;) {
                            seen.append(line).append('\n');
                            if (line.contains("another 'mlos cluster up' is starting cluster " + name + "; waiting for it")) {
                                return seen.toString();
                            }
                        }
                    } catch (java.io.IOException e) {
                        seen.append(e);
                    }
                    return "ended without waiting:\n" + seen;
                });
                String said = waiting.get(120, TimeUnit.SECONDS);
                assertTrue(said.contains("waiting for it"), said);
                assertTrue(second.isAlive(), "it waits: " + said);
                try (Stream<Path> files = Files.list(run)) {
                    List<Path> sockets = files.filter(f -> f.toString().endsWith(".sock")).toList();
                    assertTrue(sockets.isEmpty(), "no node started while it waits: " + sockets);
                }
            } finally {
                // before the lock goes: the command would take it and start its node
                if (second != null) {
                    second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(run)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
