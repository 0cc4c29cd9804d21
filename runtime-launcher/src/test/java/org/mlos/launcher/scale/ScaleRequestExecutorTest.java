package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;

/** The executor's side of the autoscaler's requests: the lines a node lists, and a poll with no cluster. */
class ScaleRequestExecutorTest {

    @TempDir
    Path root;

    @Test
    void aRequestLineIsReadOrRefusedSayingWhy() {
        ScaleRequestExecutor.Request r = ScaleRequestExecutor.Request.parse(
                "request id=6f0c-1 profile=cache change=+1 at=1764496800123");
        assertEquals(new ScaleRequestExecutor.Request("6f0c-1", "cache", 1, -1), r);
        assertEquals(2, ScaleRequestExecutor.Request.parse("request id=x profile=cache change=+1 at=1 to=2").to());
        assertEquals(-2, ScaleRequestExecutor.Request.parse("request id=x profile=worker change=-2 at=1").change());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaleRequestExecutor.Request.parse("request id=x change=+1"));
        assertTrue(e.getMessage().contains("not a scale request line"), e.getMessage());
    }

    @Test
    void withNoClusterRunningAPollFailsSayingHowToStartOne() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "gone");
        List<String> said = new ArrayList<>();
        ScaleRequestExecutor x = new ScaleRequestExecutor(new LocalScaler(new NodeLayout(root, "java"), files, 0, said::add),
                said::add, slot -> false);
        IllegalStateException e = assertThrows(IllegalStateException.class, x::poll);
        assertTrue(e.getMessage().contains("no local cluster gone is running"), e.getMessage());
    }
}
