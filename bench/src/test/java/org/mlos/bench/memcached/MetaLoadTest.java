package org.mlos.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/** The meta load generator against a real memcached: it fills, counts and drives it without a stray reply. */
class MetaLoadTest {

    static Process memcached;
    static int port;

    @BeforeAll
    static void startMemcached() throws Exception {
        String exe = Tools.find("memcached");
        org.junit.jupiter.api.Assumptions.assumeTrue(exe != null && OS.LINUX.isCurrentOs(),
                "memcached not installed (apt-get install memcached)");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(exe, "-p", String.valueOf(port), "-U", "0", "-l", "127.0.0.1", "-m", "64"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "root"));
        }
        memcached = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("memcached did not start: " + cmd);
    }

    @AfterAll
    static void stopMemcached() throws InterruptedException {
        if (memcached != null) {
            memcached.destroy();
            memcached.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void quietFillStoresEveryItemAndCountsThem() throws IOException {
        long before = MetaLoad.currentItems(port);
        assertEquals(2_345, MetaLoad.fill(port, "fill:", 2_345, 32, 100));
        assertEquals(before + 2_345, MetaLoad.currentItems(port));
    }

    @Test
    void pipelinedLoadCountsEveryRequestAndHitsWhatWasSet() throws Exception {
        MetaLoad load = new MetaLoad(500, 32, 100, 0.9, 8);
        load.prefill(port);
        MetaLoad.Result r = load.run(port, 3, 120, 400); // bounded by batches: 3 x 400 x 8 requests
        assertEquals(3L * 400 * 8, r.operations());
        assertEquals(r.operations(), java.util.Arrays.stream(r.histogram()).sum(), "one latency per request");
        // every key was set first, so every get hits: about 90% of the requests
        assertTrue(r.hits() > r.operations() * 0.85 && r.hits() < r.operations() * 0.95, "hits " + r.hits());
        assertTrue(r.percentileMicros(0.99) >= r.percentileMicros(0.5));
    }

    @Test
    void keysArePaddedToTheirLength() {
        assertEquals("meta:000000000000000000000000042", new String(MetaLoad.key("meta:", 42, 32)));
    }

    @Test
    void badParametersAreRefusedSayingWhich() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MetaLoad(10, 300, 100, 0.9, 8));
        assertTrue(e.getMessage().contains("keyBytes=300"), e.getMessage());
    }

    @Test
    void rssIsReadInKilobytes() throws IOException {
        assertEquals(70_312, Rss.parse("Name:\tmemcached\nVmRSS:\t   70312 kB\nThreads:\t6\n"));
        assertTrue(Rss.kilobytes(ProcessHandle.current().pid()) > 0);
        assertThrows(IOException.class, () -> Rss.parse("Name:\tkthreadd\n"));
    }
}
