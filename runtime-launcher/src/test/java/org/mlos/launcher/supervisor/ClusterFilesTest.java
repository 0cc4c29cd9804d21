package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFilesTest {

    @TempDir
    Path dir;

    @Test
    void nodesAndSpecStayAligned() throws Exception {
        ClusterFiles files = new ClusterFiles(dir, "c");
        List<ClusterFiles.Entry> entries = new ArrayList<>(List.of(
                new ClusterFiles.Entry(11, "cache", "/logs/a b.log", new SupervisedNode("cache-1", "cache", List.of("--port", "0"))),
                new ClusterFiles.Entry(12, "worker", "/logs/w.log", new SupervisedNode("worker-1", "worker", List.of()))));
        files.write(entries);
        assertEquals(entries, files.read());
        entries.remove(0);
        files.write(entries);
        assertEquals(entries, files.read());
        assertEquals(List.of("12 worker /logs/w.log"), Files.readAllLines(files.nodes()));
    }

    @Test
    void aClusterWithoutSpecListsItsNodes() throws Exception {
        ClusterFiles files = new ClusterFiles(dir, "old");
        Files.write(files.nodes(), List.of("7 cache /x.log"));
        assertEquals(7, files.read().get(0).pid());
        assertNull(files.read().get(0).node());
    }

    /** Threads that each add a node under the lock: none lost, none twice. */
    @Test
    void concurrentChangesUnderTheLockLoseNothing() throws Exception {
        ClusterFiles files = new ClusterFiles(dir, "c");
        files.write(List.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int pid = 1000 + i;
            done.add(pool.submit(() -> files.locked(() -> {
                List<ClusterFiles.Entry> all = files.read();
                all.add(new ClusterFiles.Entry(pid, "cache", "l", new SupervisedNode("cache-" + pid, "cache", List.of())));
                files.write(all);
                return null;
            })));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        List<ClusterFiles.Entry> all = files.read();
        assertEquals(40, all.size());
        assertEquals(40, all.stream().mapToLong(ClusterFiles.Entry::pid).distinct().count());
    }
}
