package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The text protocol byte for byte, per memcached's protocol.txt, including its error replies. */
@Timeout(60)
class TextProtocolTest {

    private CacheServer server;
    private TextClient c;

    @BeforeEach
    void start() throws Exception {
        server = new CacheServer(4096);
        c = new TextClient(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    @Test
    void storageReplies() throws Exception {
        assertEquals("STORED", c.send("set k 7 0 3\r\nabc\r\n").line());
        assertEquals(List.of("VALUE k 7 3", "abc"), c.send("get k\r\n").untilEnd());
        assertEquals("NOT_STORED", c.send("add k 0 0 1\r\nx\r\n").line());
        assertEquals("NOT_STORED", c.send("replace nope 0 0 1\r\nx\r\n").line());
        assertEquals("STORED", c.send("append k 0 0 2\r\nde\r\n").line());
        assertEquals("STORED", c.send("prepend k 0 0 1\r\n_\r\n").line());
        assertEquals(List.of("VALUE k 7 6", "_abcde"), c.send("get k\r\n").untilEnd());
        assertEquals("NOT_FOUND", c.send("cas nope 0 0 1 1\r\nx\r\n").line());
    }

    @Test
    void getsAndCas() throws Exception {
        c.send("set k 0 0 1\r\na\r\n").line();
        List<String> r = c.send("gets k\r\n").untilEnd();
        long unique = Long.parseLong(r.get(0).split(" ")[4]);
        assertEquals("EXISTS", c.send("cas k 0 0 1 " + (unique + 1) + "\r\nb\r\n").line());
        assertEquals("STORED", c.send("cas k 0 0 1 " + unique + "\r\nb\r\n").line());
        assertEquals("EXISTS", c.send("cas k 0 0 1 " + unique + "\r\nc\r\n").line());
    }

    @Test
    void gatAndGatsTouchWhileTheyGet() throws Exception {
        c.send("set k 0 1 1\r\na\r\n").line();
        assertEquals(List.of("VALUE k 0 1", "a"), c.send("gat 100 k\r\n").untilEnd());
        List<String> gats = c.send("gats 100 k missing\r\n").untilEnd();
        assertEquals(2, gats.size());
        assertTrue(gats.get(0).startsWith("VALUE k 0 1 "), gats.get(0));
        Thread.sleep(1_500);
        assertEquals(List.of("VALUE k 0 1", "a"), c.send("get k\r\n").untilEnd(), "gat extended the expiry");
        assertEquals("CLIENT_ERROR invalid exptime argument", c.call("gat soon k"));
    }

    @Test
    void expiryRelativeAbsoluteAndNegative() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        c.send("set abs 0 " + (now + 100) + " 1\r\na\r\n").line();
        c.send("set past 0 " + (now - 100) + " 1\r\na\r\n").line();
        c.send("set neg 0 -1 1\r\na\r\n").line();
        assertEquals(List.of("VALUE abs 0 1", "a"), c.send("get abs past neg\r\n").untilEnd());
    }

    @Test
    void counters() throws Exception {
        c.send("set n 0 0 2\r\n10\r\n").line();
        assertEquals("15", c.call("incr n 5"));
        assertEquals("0", c.call("decr n 100"));
        assertEquals("NOT_FOUND", c.call("incr missing 1"));
        c.send("set t 0 0 3\r\nabc\r\n").line();
        assertEquals("CLIENT_ERROR cannot increment or decrement non-numeric value", c.call("incr t 1"));
        assertEquals("CLIENT_ERROR invalid numeric delta argument", c.call("incr n -1"));
        c.send("set max 0 0 20\r\n18446744073709551615\r\n").line();
        assertEquals("0", c.call("incr max 1"), "64-bit wrap, as memcached");
    }

    @Test
    void touchDeleteAndNoreply() throws Exception {
        c.send("set k 0 0 1 noreply\r\na\r\n");
        assertEquals("TOUCHED", c.call("touch k 10"));
        assertEquals("NOT_FOUND", c.call("touch missing 10"));
        c.send("delete k noreply\r\n");
        assertEquals("NOT_FOUND", c.call("delete k"));
        assertEquals("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]", c.call("delete a b c"));
    }

    @Test
    void flushAllNowAndWithADelay() throws Exception {
        c.send("set a 0 0 1\r\na\r\n").line();
        assertEquals("OK", c.call("flush_all"));
        assertEquals(List.of(), c.send("get a\r\n").untilEnd());
        c.send("set b 0 0 1\r\nb\r\n").line();
        assertEquals("OK", c.call("flush_all 1"));
        assertEquals(List.of("VALUE b 0 1", "b"), c.send("get b\r\n").untilEnd(), "still there before the delay");
        Thread.sleep(2_100);
        assertEquals(List.of(), c.send("get b\r\n").untilEnd(), "gone after it");
        c.send("flush_all noreply\r\n");
        assertTrue(c.call("version").startsWith("VERSION "));
    }

    @Test
    void statsGroups() throws Exception {
        c.send("set k 0 0 1\r\na\r\n").line();
        List<String> general = c.send("stats\r\n").untilEnd();
        assertTrue(general.contains("STAT curr_items 1"), general.toString());
        assertTrue(general.stream().anyMatch(l -> l.startsWith("STAT pid ")), general.toString());
        for (String group : List.of("settings", "items", "slabs", "sizes", "conns")) {
            List<String> lines = c.send("stats " + group + "\r\n").untilEnd();
            assertTrue(lines.stream().allMatch(l -> l.startsWith("STAT ")), group + ": " + lines);
        }
        assertTrue(c.send("stats settings\r\n").untilEnd().contains("STAT item_size_max 4096"));
        assertEquals("RESET", c.call("stats reset"));
        assertEquals("ERROR", c.call("stats nonsense"));
    }

    @Test
    void malformedCommandsGetMemcachedsErrorsAndTheConnectionGoesOn() throws Exception {
        assertEquals("ERROR", c.call("bogus"));
        assertEquals("ERROR", c.call(""));
        assertEquals("ERROR", c.call("get"));
        assertEquals("ERROR", c.call("set k 0 0"));
        assertEquals("CLIENT_ERROR bad command line format", c.call("set k x 0 1"));
        assertEquals("CLIENT_ERROR bad command line format", c.call("get " + "k".repeat(251)));
        assertEquals("CLIENT_ERROR bad data chunk", c.send("set k 0 0 1\r\nabc\r\n").line());
        assertEquals("ERROR", c.line(), "as memcached: the chunk is its declared length, the rest a new (empty) command");
        assertTrue(c.call("version").startsWith("VERSION "), "still in step after a bad chunk");
        assertEquals("CLIENT_ERROR bad command line format", c.call("verbosity x"));
        assertEquals("OK", c.call("verbosity 1"));
    }

    @Test
    void aValueOverTheLimitIsSkippedWithoutBeingStored() throws Exception {
        byte[] big = new byte[5000];
        java.util.Arrays.fill(big, (byte) 'x');
        c.send("set big 0 0 5000\r\n").send(big).send("\r\n");
        assertEquals("SERVER_ERROR object too large for cache", c.line());
        assertEquals(List.of(), c.send("get big\r\n").untilEnd());
        assertTrue(c.call("version").startsWith("VERSION "));
    }

    @Test
    void anEndlessLineIsRefusedAndSkipped() throws Exception {
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) 'a');
        c.send(junk);
        assertEquals("CLIENT_ERROR line is too long", c.line());
        c.send("\r\n");
        assertTrue(c.call("version").startsWith("VERSION "));
    }

    @Test
    void quitClosesTheConnection() throws Exception {
        c.send("quit\r\n");
        assertTrue(c.closedByServer());
        try (TextClient other = new TextClient(server.port())) {
            assertTrue(other.call("version").startsWith("VERSION "), "the server goes on");
        }
    }
}
