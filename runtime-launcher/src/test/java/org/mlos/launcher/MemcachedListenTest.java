package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.launcher.MemcachedOptionsTest.error;
import static org.mlos.launcher.MemcachedOptionsTest.parse;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** memcached's -l with its port, and -m with its unit, as memcached takes them ({@link MemcachedListen}). */
class MemcachedListenTest {

    /**
     * An outsider's differential trial: memcached 1.6 takes {@code -l 127.0.0.1:22114} (it listens on
     * that port, whatever -p says) and {@code -m 64m}; the node failed at boot on the first ("invalid
     * IPv6 address literal", exit 3) and refused the second.
     */
    @Test
    void memcachedsListenWithAPortAndMegabytesWithTheirUnitWereNotTaken() {
        Map<String, String> p = parse("-p", "22115", "-l", "127.0.0.1:22114");
        assertEquals("127.0.0.1", p.get("mlos.memcached.host"));
        assertEquals("22114", p.get("mlos.port"));
        assertEquals("22114", parse("-l", "127.0.0.1:22114", "-p", "22115").get("mlos.port"), "-l's port wins");
        Map<String, String> v6 = parse("-l", "[::1]:22116");
        assertEquals("::1", v6.get("mlos.memcached.host"), "no brackets: the server reads a bare address");
        assertEquals("22116", v6.get("mlos.port"));
        assertEquals("::1", parse("-l", "[::1]").get("mlos.memcached.host"));
        assertEquals("::1", parse("-l", "::1").get("mlos.memcached.host"));
        assertEquals(null, parse("-l", "::1").get("mlos.port"));
        assertTrue(error("-l", "127.0.0.1:99999").contains("-l 127.0.0.1:99999: the port takes a number from 0 to 65535"));
        assertTrue(error("-l", "[::1]x").contains("[address]:port"));

        assertEquals("64", parse("-m", "64m").get("mlos.mem.store.capacity.mb"));
        assertEquals("64", parse("-m", "64M").get("mlos.mem.store.capacity.mb"));
        assertTrue(error("-m", "1g").contains("-m takes megabytes, got '1g': memcached reads it as -m 1"), error("-m", "1g"));
    }
}
