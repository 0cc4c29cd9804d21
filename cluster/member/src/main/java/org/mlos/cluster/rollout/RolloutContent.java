package org.mlos.cluster.rollout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content of bundles this node got by rollout, by bundle id: what a later failed rollout
 * restores (their locations name no file to read it back from).
 */
final class RolloutContent {

    private static final Map<Long, byte[]> CONTENT = new ConcurrentHashMap<>();

    private RolloutContent() {
    }

    static void put(long bundleId, byte[] bytes) {
        CONTENT.put(bundleId, bytes);
    }

    static byte[] get(long bundleId) {
        return CONTENT.get(bundleId);
    }
}
