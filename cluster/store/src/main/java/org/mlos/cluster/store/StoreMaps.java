package org.mlos.cluster.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;

/**
 * The Hazelcast structures one distributed store lives in: its items, its metadata (the flush
 * time), and the generator of its CAS uniques. How the maps behave (capacity, eviction, backups)
 * is in each member's configuration from its start (the cluster bundle's {@code StoreMapConfig}):
 * a configuration added at run time travels to every member with a Java-serialized part.
 */
record StoreMaps(IMap<String, byte[]> items, IMap<String, Long> meta, FlakeIdGenerator ids) {

    static StoreMaps open(HazelcastInstance hz, String mapName) {
        return new StoreMaps(hz.getMap(mapName), hz.getMap(mapName + ".meta"), hz.getFlakeIdGenerator(mapName + ".cas"));
    }
}
