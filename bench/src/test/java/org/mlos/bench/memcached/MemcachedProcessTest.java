package org.mlos.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The bench's memcached starter: it waits for a memcached that starts, names one that does not, and stops it. */
class MemcachedProcessTest {

    @Test
    void startsOnLoopbackWithTheOptionsGivenAndStopsOnClose() throws Exception {
        MemcachedProcess p = MemcachedProcess.start(InstalledMemcached.executable(), List.of("-m", "16", "-c", "64"));
        int port = p.port();
        try (p) {
            assertTrue(p.command().containsAll(List.of("-l", "127.0.0.1", "-m", "16", "-c", "64")), p.command().toString());
            assertEquals(16L << 20, MetaLoad.stat(port, "limit_maxbytes"));
            assertEquals(64, MetaLoad.stat(port, "max_connections"));
        }
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(), "stopped");
    }

    @Test
    void aMemcachedThatExitsIsNamedWithItsCommandLine() {
        String memcached = InstalledMemcached.executable(); // skips here where there is none, not inside the assertion
        IOException e = assertThrows(IOException.class, () -> MemcachedProcess.start(memcached, List.of("-m", "16", "--no-such-option")));
        assertTrue(e.getMessage().contains("exited with") && e.getMessage().contains("--no-such-option"), e.getMessage());
    }
}
