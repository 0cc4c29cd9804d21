package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

/**
 * An outsider's re-check: a node started with {@code -l [::1]:23013} said
 * {@code endpoints=memcached://::1:23013} on its ready line, where a URI's reader finds no host.
 */
class AnIpv6EndpointNamedNoHostTest {

    @Test
    void anIpv6AddressIsInBrackets() {
        String endpoint = MemcachedServer.endpoint("::1", 23013);
        assertEquals("memcached://[::1]:23013", endpoint);
        assertEquals("[::1]", URI.create(endpoint).getHost());
        assertEquals(23013, URI.create(endpoint).getPort());
        assertEquals("memcached://127.0.0.1:11211", MemcachedServer.endpoint("127.0.0.1", 11211));
        assertEquals("memcached://localhost:11211", MemcachedServer.endpoint("localhost", 11211));
    }
}
