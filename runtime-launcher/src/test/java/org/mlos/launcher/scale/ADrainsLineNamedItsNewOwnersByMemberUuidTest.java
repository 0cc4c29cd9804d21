package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * A scale-in's line for a drained node ended {@code to={3f2c9a1e-…=600, 8d1b…=634}}: the new
 * owners by member UUID, which no command shows. The node says their pids now, and the scale names
 * them by slot as its other lines do.
 */
class ADrainsLineNamedItsNewOwnersByMemberUuidTest {

    private static ClusterFiles.Entry node(long pid, String slot) {
        return new ClusterFiles.Entry(pid, "cache", slot + ".log", new SupervisedNode(slot, "cache", List.of()));
    }

    @Test
    void theNewOwnersAreNamedBySlot() {
        List<ClusterFiles.Entry> nodes = List.of(node(4711, "cache-1"), node(4712, "cache-2"), node(4713, "cache-3"));
        assertEquals("drained moved=1234 stored=1234 passes=2 ms=41 to=cache-1:600,cache-2:634",
                NodeRequests.ownersNamed("drained moved=1234 stored=1234 passes=2 ms=41 to=4711:600,4712:634\n", nodes));
    }

    @Test
    void anOwnerNotListedHereKeepsWhatTheNodeSaid() {
        assertEquals("drained moved=5 stored=5 passes=1 ms=3 to=cache-1:2,9999:3",
                NodeRequests.ownersNamed("drained moved=5 stored=5 passes=1 ms=3 to=4711:2,9999:3", List.of(node(4711, "cache-1"))));
    }

    @Test
    void aReplyWithNoOwnersIsLeftAsItIs() {
        String nothing = "drained moved=0 stored=0 passes=1 ms=2 note=\"the store keeps its items in the cluster (distributed):"
                + " nothing to move\"";
        assertEquals(nothing, NodeRequests.ownersNamed(nothing, List.of(node(4711, "cache-1"))));
    }
}
