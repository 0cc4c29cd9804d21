package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/**
 * The operator commands with memcached 1.6.18's replies (read from one, sent the same bytes):
 * {@code stats detail}, {@code stats cachedump}, {@code lru_crawler metadump},
 * {@code cache_memlimit}, {@code shutdown}, and the per-class layout of {@code stats slabs} and
 * {@code stats items}.
 */
@Timeout(60)
class OperatorCommandsTest {

    private CacheServer server;
    private TextClient c;

    @BeforeEach
    void start() throws Exception {
        server = new CacheServer();
        c = new TextClient(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    @Test
    void statsDetailCountsPerPrefixWhileOn() throws Exception {
        assertEquals("STORED\r\nOK\r\nVALUE a:1 0 1\r\nx\r\nEND\r\nEND\r\nSTORED\r\nDELETED\r\nEND\r\n"
                + "PREFIX a get 2 hit 1 set 1 del 1\r\nEND\r\nOK\r\n"
                + "CLIENT_ERROR usage: stats detail on|off|dump\r\nCLIENT_ERROR usage: stats detail on|off|dump\r\n"
                + "PREFIX a get 2 hit 1 set 1 del 1\r\nEND\r\n",
                c.exchange("set a:1 0 0 1\r\nx\r\n"                       // before on: not counted
                        + "stats detail on\r\n"
                        + "get a:1\r\nget a:2\r\nset a:3 0 0 1\r\nx\r\ndelete a:3\r\n"
                        + "get nodelim\r\n"                             // no prefix: not counted
                        + "stats detail dump\r\n"
                        + "stats detail off\r\n"
                        + "stats detail\r\nstats detail bogus\r\n"
                        + "stats detail dump\r\n"));
    }

    @Test
    void cachedumpAndMetadumpInMemcachedsFormats() throws Exception {
        List<StoreEntry> items = new ArrayList<>();
        items.add(new StoreEntry("k/1", "x".getBytes(StandardCharsets.US_ASCII), 0, 4_102_444_800_000L, 65, 1_796_004_116_000L));
        items.add(new StoreEntry("big", new byte[200], 0, KeyValueStore.NEVER, 11, 1_796_003_161_000L));
        server.dialects.itemSource(each -> items.forEach(each));
        assertEquals("ITEM k/1 [1 b; 4102444800 s]\r\nEND\r\nITEM big [200 b; 0 s]\r\nEND\r\nEND\r\n"
                + "CLIENT_ERROR bad command line\r\nCLIENT_ERROR bad command line format\r\nCLIENT_ERROR Illegal slab id\r\n",
                c.exchange("stats cachedump 1 0\r\nstats cachedump 6 1\r\nstats cachedump 2 5\r\n"
                        + "stats cachedump 1\r\nstats cachedump x 2\r\nstats cachedump 99 1\r\n"));
        c.send("lru_crawler metadump all\r\n");
        assertEquals("key=k%2F1 exp=4102444800 la=1796004116 cas=65 fetch=no cls=1 size=63", c.line());
        assertEquals("key=big exp=-1 la=1796003161 cas=11 fetch=no cls=6 size=262", c.line());
        assertEquals("END", c.line());
        assertEquals("END\r\nERROR cannot pipeline other commands before metadump\r\nERROR\r\n",
                c.exchange("get x\r\nlru_crawler metadump all\r\nlru_crawler bogus\r\n"));
    }

    /**
     * A store that cannot resize (the distributed one, a remote stub, one written before API 1.4)
     * gets memcached's answer for a limit it could not apply; its own size is still OK. Resizing
     * stores: {@link CacheMemlimitTest}.
     */
    @Test
    void cacheMemlimitOnAStoreThatCannotResizeAnswersAdjustFailed() throws Exception {
        org.mlos.mem.store.heap.HeapStore heap = new org.mlos.mem.store.heap.HeapStore(CacheServer.CAPACITY);
        KeyValueStore fixed = (KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (proxy, method, args) -> method.getName().equals("resize")
                        ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                        : method.invoke(heap, args));
        c.close();
        server.close();
        server = new CacheServer(Limits.DEFAULT_ITEM_MAX, new org.mlos.net.memcached.server.StandardDialects(),
                name -> name.equals("heap") ? fixed : new org.mlos.mem.store.heap.HeapStore(CacheServer.CAPACITY));
        c = new TextClient(server.port());
        assertEquals("OK\r\nMEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m\r\nERROR\r\n"
                + "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes\r\nERROR\r\n"
                + "MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust\r\n",
                c.exchange("cache_memlimit " + (CacheServer.CAPACITY >> 20) + "\r\ncache_memlimit 4\r\ncache_memlimit x\r\n"
                        + "cache_memlimit 2000000000\r\ncache_memlimit 128 noreply\r\ncache_memlimit\r\ncache_memlimit 128\r\n"));
        assertEquals(CacheServer.CAPACITY, server.store.capacityBytes(), "unchanged");
    }

    @Test
    void shutdownOnlyWhenEnabledThenTheServerStops() throws Exception {
        assertEquals("ERROR: shutdown not enabled\r\nERROR: shutdown not enabled\r\n",
                c.exchange("shutdown\r\nshutdown graceful\r\n"));
        server.dialects.enableShutdown(server::stopListening);
        assertEquals("CLIENT_ERROR invalid shutdown mode\r\n", c.exchange("shutdown now\r\n"));
        c.send("shutdown\r\n");
        assertTrue(c.closedByServer(), "the connection that asked is closed");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && server.listening()) {
            Thread.sleep(20);
        }
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }
        }, "no longer served");
    }

    @Test
    void statsSlabsAndItemsUseMemcachedsLinesPerClass() throws Exception {
        String fill = "set k1 0 0 10\r\n0123456789\r\nset k2 0 0 10\r\n0123456789\r\nset k3 0 0 10\r\n0123456789\r\nget k1\r\n";
        String ours = c.exchange(fill + "stats slabs\r\nstats items\r\n");
        try (RealMemcached memcached = RealMemcached.start(); TextClient theirs = new TextClient(memcached.port())) {
            theirs.send(fill + "stats slabs\r\nstats items\r\nversion\r\n");
            StringBuilder got = new StringBuilder();
            for (String l = theirs.line(); !l.startsWith("VERSION "); l = theirs.line()) {
                got.append(l).append("\r\n");
            }
            // memcached's lines but the per-class figures nothing here keeps (CountersMemcachedKeepsOtherwiseTest)
            List<String> theirNames = names(got.toString()).stream().filter(n -> !n.endsWith(":evicted_nonzero")
                    && !n.endsWith(":evicted_time") && !n.endsWith(":expired_unfetched") && !n.endsWith(":evicted_unfetched"))
                    .toList();
            assertEquals(theirNames, names(ours));
            assertEquals(slabLines(got.toString()), slabLines(ours), "stats slabs, every figure");
        }
    }

    /** Each line's STAT name, with the value dropped. */
    private static List<String> names(String replies) {
        List<String> out = new ArrayList<>();
        for (String l : replies.split("\r\n")) {
            out.add(l.startsWith("STAT ") ? l.split(" ")[1] : l);
        }
        return out;
    }

    private static String slabLines(String replies) {
        int start = replies.indexOf("STAT 1:chunk_size");
        return replies.substring(start, replies.indexOf("END", start) + 3);
    }
}
