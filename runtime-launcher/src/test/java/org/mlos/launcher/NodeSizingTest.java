package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A cache node's JVM follows its capacity and connection limit; the user's own settings win. */
class NodeSizingTest {

    @Test
    void defaultsAreMemcachedsSixtyFourMegabytesAndAThousandConnections() {
        // heap 64 + 64 + 1024 × 16 KB; direct 32 + 1024 × 8 KB
        assertEquals(List.of("-Xmx144m", "-XX:MaxDirectMemorySize=40m"),
                NodeSizing.jvmOptions("cache", List.of("--port", "0"), List.of()));
    }

    @Test
    void capacityAndConnectionsComeFromMemcachedsOptionsOrTheProperties() {
        assertEquals(List.of("-Xmx160m", "-XX:MaxDirectMemorySize=64m"),
                NodeSizing.jvmOptions("cache", List.of("-m", "32", "-c", "4096", "-p", "0"), List.of()));
        assertEquals(List.of("-Xmx160m", "-XX:MaxDirectMemorySize=64m"), NodeSizing.jvmOptions("cache",
                List.of("--set", "mlos.mem.store.capacity.mb=32", "--set", "mlos.memcached.max.connections=4096"), List.of()));
        assertEquals(List.of("-Xmx1089m", "-XX:MaxDirectMemorySize=33m"),
                NodeSizing.jvmOptions("cache", List.of("-m1024", "-c", "10"), List.of()));
    }

    @Test
    void theUsersOwnHeapOrDirectMemoryWins() {
        assertEquals(List.of("-XX:MaxDirectMemorySize=40m"),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-Dx=y", "-Xmx2g")));
        assertEquals(List.of("-XX:MaxDirectMemorySize=40m"),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-Xms512m")));
        assertEquals(List.of("-Xmx144m"),
                NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:MaxDirectMemorySize=1g")));
    }

    @Test
    void otherProfilesAreNotSized() {
        assertEquals(List.of(), NodeSizing.jvmOptions("worker", List.of("-m", "32"), List.of()));
        assertEquals(List.of(), NodeSizing.jvmOptions("services", List.of(), List.of()));
    }
}
