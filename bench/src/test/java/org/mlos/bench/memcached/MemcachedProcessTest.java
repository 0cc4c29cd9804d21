package org.mlos.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/** The bench's memcached starter: it waits for a memcached that starts, names one that does not, and stops it. */
class MemcachedProcessTest {

    private static String exe() {
        String exe = Tools.find("memcached");
        Assumptions.assumeTrue(exe != null && OS.LINUX.isCurrentOs(), "memcached not installed (apt-get install memcached)");
        return exe;
    }

    @Test
    void startsOnLoopbackWithTheOptionsGivenAndStopsOnClose() throws Exception {
        MemcachedProcess p = MemcachedProcess.start(exe(), List.of("-m", "16", "-c", "64"));
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
        IOException e = assertThrows(IOException.class, () -> MemcachedProcess.start(exe(), List.of("-m", "16", "--no-such-option")));
        assertTrue(e.getMessage().contains("exited with") && e.getMessage().contains("--no-such-option"), e.getMessage());
    }
}
