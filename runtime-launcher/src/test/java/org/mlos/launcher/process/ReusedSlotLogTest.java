package org.mlos.launcher.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code mlos scale cache -1} then {@code +1} the new node took slot cache-2 again and its
 * log, {@code mlos-cache-2.log}, overwrote the drained node's. A node started on a log that is
 * there now moves it to {@code .1} (and earlier ones up, {@value NodeLogs#KEPT} kept).
 */
@Timeout(60)
class ReusedSlotLogTest {

    @TempDir
    Path tmp;

    @Test
    void aNodeInAReusedSlotKeepsTheEarlierNodesLog() throws Exception {
        FakeCheckout checkout = new FakeCheckout(tmp.resolve("root")).profile("cache", true);
        Path log = tmp.resolve("cluster/mlos-cache-2.log");
        try {
            NodeProcess first = NodeProcess.startDetached(checkout.layout(), "cache", List.of(), List.of(), log);
            ReadyLine one = first.awaitReady(Duration.ofSeconds(30));
            first.stop(Duration.ofSeconds(10));
            NodeProcess second = NodeProcess.startDetached(checkout.layout(), "cache", List.of(), List.of(), log);
            ReadyLine two = second.awaitReady(Duration.ofSeconds(30));
            assertEquals(second.pid(), two.pid(), "the new node's reader found its own ready line, not the old one's");
            second.stop(Duration.ofSeconds(10));
            assertTrue(Files.readString(NodeLogs.generation(log, 1)).contains("pid=" + one.pid()), "the drained node's log is kept");
            assertTrue(Files.readString(log).contains("pid=" + two.pid()));
            assertFalse(Files.readString(log).contains("pid=" + one.pid()));
        } finally {
            checkout.killAll();
        }
    }

    @Test
    void earlierLogsMoveUpAndTheOldestBeyondTheKeptGoes() throws Exception {
        Path log = tmp.resolve("mlos-cache-2.log");
        for (int i = 1; i <= NodeLogs.KEPT + 2; i++) {
            Files.writeString(log, "node " + i + "\n");
            NodeLogs.rotate(log);
        }
        assertFalse(Files.exists(log));
        assertEquals("node " + (NodeLogs.KEPT + 2) + "\n", Files.readString(NodeLogs.generation(log, 1)));
        assertEquals("node 3\n", Files.readString(NodeLogs.generation(log, NodeLogs.KEPT)));
        assertFalse(Files.exists(NodeLogs.generation(log, NodeLogs.KEPT + 1)));
        Files.writeString(log, "");
        NodeLogs.rotate(log); // an empty log holds nothing to keep
        assertTrue(Files.exists(log));
    }
}
