package org.mlos.cluster.member;

import org.mlos.cluster.api.ClusterProperties;
import org.mlos.core.settings.Settings;
import org.mlos.mem.api.MemProperties;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;

/**
 * How the distributed store's maps behave, in the member's own configuration from its start: its
 * items' map (capacity per member, as memcached's {@code -m} is per server, its own items and the
 * backups it holds together, past which the least recently used go; synchronous backups, so that a write is acknowledged once they hold it too)
 * and its metadata map. The store used to add them at run time, which Hazelcast hands every
 * member with the map store's {@code Properties} by Java serialization, so members had to admit
 * {@code Properties}: one of nested ones from anyone who knew the cluster name pinned every node
 * as nested sets had ({@link JavaSerializationAllowList}).
 *
 * @param capacityMb {@code mlos.mem.store.capacity.mb} (default {@value ClusterProperties#DEFAULT_STORE_CAPACITY_MB})
 * @param backups    {@code mlos.cluster.store.backups}, 0 to 6, Hazelcast's most (default 1)
 */
record StoreMapConfig(String map, long capacityMb, int backups) {

    /**
     * The map's own items a member may hold: its capacity shared with the backups it holds of the
     * others' (Hazelcast bounds only the former, per member), so that both together stay within
     * the capacity, as the node's heap is sized for. Bounded by the whole capacity, a cache node
     * (heap sized for -m 64) swapped to {@code hazelcast} with 200,000 items of 200 bytes in each of
     * two nodes ran out of heap, thrashed its collector and answered nothing.
     */
    long primaryMb() {
        return Math.max(1, capacityMb / (1 + backups));
    }

    static StoreMapConfig from(Settings s) {
        return new StoreMapConfig(s.text(ClusterProperties.STORE_MAP, ClusterProperties.DEFAULT_STORE_MAP),
                s.number(MemProperties.STORE_CAPACITY_MB, ClusterProperties.DEFAULT_STORE_CAPACITY_MB, 1, Integer.MAX_VALUE),
                s.integer(ClusterProperties.STORE_BACKUPS, 1, 0, 6));
    }

    void declare(Config config) {
        config.addMapConfig(new MapConfig(map).setBackupCount(backups).setEvictionConfig(new EvictionConfig()
                .setEvictionPolicy(EvictionPolicy.LRU).setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                .setSize((int) Math.min(Integer.MAX_VALUE, primaryMb()))));
        config.addMapConfig(new MapConfig(map + ".meta").setBackupCount(backups));
    }
}
