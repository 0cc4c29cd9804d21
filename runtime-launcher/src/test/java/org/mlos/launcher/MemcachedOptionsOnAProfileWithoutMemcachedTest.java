package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MemcachedOptionsOnAProfileWithoutMemcachedTest {

    /**
     * {@code mlos run minimal -p 22103} booted and ignored {@code -p} without a word: memcached's
     * options set properties only the memcached server reads. Told, not refused ({@code --port 0}
     * is what scripts give every node of a mixed set).
     */
    @Test
    void memcachedsOptionsToAProfileWithoutAMemcachedServerAreToldIgnored() {
        Profile minimal = new Profile("minimal", "", Map.of(), List.of(java.nio.file.Path.of("/i/minimal/mlos-core-0.1.0.jar")));
        Profile cache = new Profile("cache", "", Map.of(),
                List.of(java.nio.file.Path.of("/i/cache/mlos-core-0.1.0.jar"), java.nio.file.Path.of("/i/cache/mlos-net-memcached-0.1.0.jar")));
        NodeOptions o = NodeOptions.parse(new String[] { "minimal", "-p", "22103", "-c10", "--images", "/i" });
        String told = o.unservedMemcachedOptions(minimal);
        assertTrue(told != null && told.contains("memcached's -p -c10 ignored: profile minimal serves no memcached"), told);
        assertNull(o.unservedMemcachedOptions(cache));
        // -m sizes a store node's store, -P is the launcher's pid file: read without a memcached server
        assertNull(NodeOptions.parse(new String[] { "store", "-m", "1024", "-I", "2m", "-P", "/tmp/mlos-test.pid", "--images",
                "/i" }).unservedMemcachedOptions(new Profile("store", "", Map.of(), List.of())));
        assertNull(NodeOptions.parse(new String[] { "minimal", "--set", "mlos.port=0", "--images", "/i" })
                .unservedMemcachedOptions(minimal), "--set is the user's own key: nothing to tell");
    }
}
