package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedNodeTest {

    @TempDir
    Path dir;

    @Test
    void theSpecKeepsEveryNodesArgumentsForItsRestart() throws Exception {
        List<SupervisedNode> nodes = List.of(
                new SupervisedNode("cache-1", "cache", List.of("--port", "0", "--set", "mlos.fault.dir=/a b/c")),
                new SupervisedNode("worker-1", "worker", List.of()));
        Path spec = SupervisedNode.specFile(dir, "c");
        SupervisedNode.write(spec, nodes);
        assertEquals(nodes, SupervisedNode.read(spec));
    }

    @Test
    void anArgumentWithATabIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SupervisedNode("x-1", "x", List.of("a\tb")));
    }
}
