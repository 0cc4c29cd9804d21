package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A cache node's JVM follows its capacity and connection limit; the user's own settings win. */
class NodeSizingTest {

    @Test
    void defaultsAreMemcachedsSixtyFourMegabytesAndAThousandConnections() {
        // heap 64 + 64 + 1024 × 16 KB; direct 32 + 1024 × 8 KB
        assertEquals(sized("-Xmx144m", "-XX:MaxDirectMemorySize=40m"),
                NodeSizing.jvmOptions("cache", List.of("--port", "0"), List.of()));
    }

    @Test
    void capacityAndConnectionsComeFromMemcachedsOptionsOrTheProperties() {
        assertEquals(sized("-Xmx160m", "-XX:MaxDirectMemorySize=64m"),
                NodeSizing.jvmOptions("cache", List.of("-m", "32", "-c", "4096", "-p", "0"), List.of()));
        assertEquals(sized("-Xmx160m", "-XX:MaxDirectMemorySize=64m"), NodeSizing.jvmOptions("cache",
                List.of("--set", "mlos.mem.store.capacity.mb=32", "--set", "mlos.memcached.max.connections=4096"), List.of()));
        assertEquals(sized("-Xmx1089m", "-XX:MaxDirectMemorySize=33m"),
                NodeSizing.jvmOptions("cache", List.of("-m1024", "-c", "10"), List.of()));
    }

    /**
     * A node of {@code -m 64 -I 32m} ran out of heap on a get of a 31 MB item (and closed the
     * connection): an item limit over 1 MB makes room for three such items on the heap and two
     * in direct memory; up to 1 MB the floors cover them.
     */
    @Test
    void anItemLimitOverAMegabyteMakesRoomForItsItemsInFlight() {
        // heap 64 + 64 + 16 + 3 × 32; direct 32 + 8 + 2 × 32 (the slab store refuses -I over 1m: lru here, which keeps G1)
        List<String> expected = new ArrayList<>(sized("-Xmx240m", "-XX:MaxDirectMemorySize=104m"));
        expected.remove("-XX:+UseSerialGC");
        assertEquals(expected, NodeSizing.jvmOptions("cache",
                List.of("-m", "64", "-I", "32m", "--set", "mlos.kind.KeyValueStore=lru"), List.of()));
        assertEquals(NodeSizing.jvmOptions("cache", List.of("-m", "64"), List.of()),
                NodeSizing.jvmOptions("cache", List.of("-m", "64", "-I", "1m"), List.of()));
        assertEquals(3, NodeSizing.largeItemMb(Long.toString((2L << 20) + 1)));
        assertEquals(0, NodeSizing.largeItemMb(Long.toString(1L << 20)));
    }

    @Test
    void theUsersOwnHeapOrDirectMemoryWins() {
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=40m", TRIM),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-Dx=y", "-Xmx2g")));
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=40m", TRIM),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-Xms512m")));
        assertEquals(sized("-Xmx144m", null),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:MaxDirectMemorySize=1g")));
    }

    @Test
    void freedNativeMemoryIsTrimmedUnlessTheUserSaysOtherwise() {
        assertTrue(NodeSizing.jvmOptions("cache", List.of(), List.of()).contains(TRIM));
        List<String> off = NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:TrimNativeHeapInterval=0"));
        assertTrue(off.stream().noneMatch(o -> o.startsWith("-XX:TrimNativeHeapInterval=")), off.toString());
    }

    private static final String TRIM = "-XX:TrimNativeHeapInterval=1000";

    /** A {@code slab} node's options (the cache profiles' store). */
    private static List<String> sized(String xmx, String direct) {
        return sized("-Xms64m", xmx, direct);
    }

    private static List<String> sized(String xms, String xmx, String direct) {
        List<String> out = new ArrayList<>(List.of("-XX:+UseSerialGC", xms, xmx, "-XX:GCTimeRatio=4", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30"));
        if (direct != null) {
            out.add(direct);
        }
        out.add(TRIM);
        return out;
    }

    @Test
    void aNodeWhoseItemsLieOffTheHeapRunsTheSerialCollectorAndOtherStoresKeepG1() {
        assertEquals("-XX:+UseSerialGC", NodeSizing.jvmOptions("cache", List.of(), List.of()).get(0));
        assertEquals("-XX:+UseSerialGC", NodeSizing.jvmOptions("cache",
                List.of("--set", "mlos.kind.KeyValueStore=slab"), List.of()).get(0));
        for (String store : List.of("heap", "lru", "log", "cluster")) {
            List<String> options = NodeSizing.jvmOptions("cache", List.of("--set", "mlos.kind.KeyValueStore=" + store), List.of());
            assertEquals(sized("-Xmx144m", "-XX:MaxDirectMemorySize=40m").subList(1, 8), options, store);
        }
        // a durable node's items lie in the store behind the durable one: durable is no store of its own
        assertEquals("-XX:+UseSerialGC", NodeSizing.jvmOptions("cache",
                List.of("--set", "mlos.fault.durability=batch"), List.of()).get(0));
        assertFalse(NodeSizing.jvmOptions("cache", List.of("--set", "mlos.fault.durability=batch", "--set",
                "mlos.fault.store=heap"), List.of()).contains("-XX:+UseSerialGC"), "behind it, heap keeps G1");
    }

    @Test
    void aSlabNodesHeapStartsAtSixtyFourMegabytesBecauseASmallerYoungGenerationCostPipelinedThroughput() {
        // -Xms16m held ~10 MB less at 1 M items, but its ~4 MB eden made the meta load collect so
        // often that it lost ops/s and doubled its p99 against memcached
        assertTrue(NodeSizing.jvmOptions("cache-standalone", List.of("-m", "1024"), List.of()).contains("-Xms64m"));
        assertTrue(NodeSizing.jvmOptions("cache", List.of("--set", "mlos.kind.KeyValueStore=heap"), List.of())
                .contains("-Xms64m"));
    }

    @Test
    void theUsersOwnCollectorWins() {
        assertEquals(sized("-Xmx144m", "-XX:MaxDirectMemorySize=40m").subList(1, 8),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:+UseG1GC")));
        assertEquals(sized("-Xmx144m", "-XX:MaxDirectMemorySize=40m").subList(1, 8),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:+UseZGC")));
    }

    /** The sizing assumes the profiles' default store; a profile that changed it would be sized for the wrong heap. */
    @Test
    void theAssumedDefaultStoreIsTheCacheProfilesDefault() throws Exception {
        for (String profile : NodeSizing.PROFILES) {
            Path bndrun = Path.of(System.getProperty("user.dir")).resolve("../cnf/profiles/" + profile + ".bndrun");
            assertTrue(Files.readString(bndrun).contains(NodeSizing.STORE_KIND + "=" + NodeSizing.PROFILE_STORE),
                    bndrun + " must set " + NodeSizing.STORE_KIND + "=" + NodeSizing.PROFILE_STORE + " or NodeSizing follow it");
        }
    }

    @Test
    void aCacheNodeWithItsJournalOnChronicleIsSizedAsACacheNode() {
        assertEquals(sized("-Xmx160m", "-XX:MaxDirectMemorySize=64m"),
                NodeSizing.jvmOptions("cache-chronicle", List.of("-m", "32", "-c", "4096"), List.of()));
        assertEquals(NodeSizing.jvmOptions("cache", List.of(), List.of()), NodeSizing.jvmOptions("cache-chronicle", List.of(),
                List.of()));
    }

    @Test
    void aCacheNodeWithoutTheClusterIsSizedAsACacheNode() {
        assertEquals(sized("-Xmx1104m", "-XX:MaxDirectMemorySize=40m"),
                NodeSizing.jvmOptions("cache-standalone", List.of("-m", "1024"), List.of()));
    }

    @Test
    void otherProfilesAreNotSized() {
        assertEquals(List.of(), NodeSizing.jvmOptions("worker", List.of("-m", "32"), List.of()));
        assertEquals(List.of(), NodeSizing.jvmOptions("services", List.of(), List.of()));
    }
}
