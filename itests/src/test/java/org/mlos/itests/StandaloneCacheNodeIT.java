package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * The cache-standalone profile (the cache node without the cluster, what an operator puts in
 * memcached's place on one machine) passes the cache node's checks and runs no cluster.
 */
class StandaloneCacheNodeIT extends CacheNodeChecks {

    @Override
    String profile() {
        return "cache-standalone";
    }

    /**
     * A cluster member's ready line names its remote-kinds endpoint (after joining) and its store
     * can swap to the cluster-wide one; this node has neither, and asking for the cluster store is
     * refused with the reason while the local store goes on serving.
     */
    @Test
    void itServesMemcachedOnlyAndJoinsNoCluster() throws Exception {
        assertEquals(Set.of("memcached"), ready.endpoints().keySet(), ready.toString());
        String refused = node.request("swap KeyValueStore hazelcast"); // the cluster-wide store, on cache nodes
        assertTrue(refused.contains("no implementation named hazelcast"), refused);
        String kinds = node.request("kinds");
        assertTrue(kinds.matches("(?s).*KeyValueStore\\s+(heap|log|lru|slab)\\s+heap,log,lru,slab\\s.*"),
                "the local stores only, one of them serving:\n" + kinds);
    }

    /**
     * An operator's port already taken: exit code 3, a failed start as the help says (it was 4,
     * "not ready in time", after 0.6 s), and what to do; said in a line, not above a stack trace
     * (SCR printed the activation failure's, some 80 lines, until the node registered a LoggerFactory).
     */
    @Test
    void aTakenPortEndsTheLaunchAsAFailedStartSayingWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                NodeProcess other = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(),
                        List.of("-p", String.valueOf(taken.getLocalPort())), List.of(), null)) {
            assertEquals(3, other.awaitExit(Duration.ofSeconds(90)), other.output());
            for (int i = 0; i < 50 && !other.output().contains("choose another port"); i++) {
                Thread.sleep(100); // the node's last lines may still be on their way through its pipe
            }
            assertTrue(other.output().contains("choose another port"), other.output());
            assertTrue(other.output().lines().noneMatch(l -> l.startsWith("\tat ")), other.output());
            // the reason once, in the launcher's verdict: SCR's line of the same failure is not printed too
            assertEquals(1, other.output().lines().filter(l -> l.contains("IOException: cannot listen")).count(), other.output());
            assertTrue(other.output().lines().noneMatch(l -> l.startsWith("ERROR: ")), other.output());
            assertTrue(other.output().contains("mlos: error: profile " + profile() + " failed to start"), other.output());
        }
    }
}
