package org.mlos.cluster.store;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;

/**
 * The Hazelcast structures one distributed store lives in: its items, its metadata (the flush
 * time), and the generator of its CAS uniques, configured alike on every node.
 */
record StoreMaps(IMap<String, byte[]> items, IMap<String, Long> meta, FlakeIdGenerator ids) {

    static StoreMaps open(HazelcastInstance hz, String mapName, long capacityBytes, int backups) {
        // The capacity holds per member, as memcached's -m does per server: past it, Hazelcast
        // evicts the least recently used items. Backups are synchronous: a write is acknowledged
        // once its backups hold it too.
        configure(hz, new MapConfig(mapName).setBackupCount(backups).setEvictionConfig(new EvictionConfig()
                .setEvictionPolicy(EvictionPolicy.LRU).setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                .setSize((int) Math.max(1, capacityBytes >> 20))));
        configure(hz, new MapConfig(mapName + ".meta").setBackupCount(backups));
        return new StoreMaps(hz.getMap(mapName), hz.getMap(mapName + ".meta"), hz.getFlakeIdGenerator(mapName + ".cas"));
    }

    private static void configure(HazelcastInstance hz, MapConfig config) {
        try {
            hz.getConfig().addMapConfig(config);
        } catch (InvalidConfigurationException alreadyConfigured) {
            // another node (or an earlier start) configured the map: its settings hold
        }
    }
}
