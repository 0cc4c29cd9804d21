package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

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
}
