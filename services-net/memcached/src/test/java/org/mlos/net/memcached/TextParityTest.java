package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text protocol where it must answer as memcached 1.6 does (proto_text.c), byte for byte:
 * noreply, long lines, large multi-gets, and the replies memcached gives malformed commands.
 */
@Timeout(60)
class TextParityTest {

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
    void noreplySuppressesEveryReplyErrorsIncluded() throws Exception {
        String requests = "set text 0 0 3\r\nabc\r\n"
                + "incr text 1 noreply\r\n"                          // non-numeric
                + "decr text 1 noreply\r\n"
                + "incr text x noreply\r\n"                          // bad delta
                + "set big 0 0 5000 noreply\r\n" + "x".repeat(5000) + "\r\n" // too large
                + "set chunk 0 0 1 noreply\r\nabc"                   // bad data chunk
                + "set k x 0 1 noreply\r\n"                          // bad flags
                + "set k 0 0 noreply\r\n"                            // noreply where the length goes
                + "touch text soon noreply\r\n"
                + "delete text x noreply\r\n"                        // bad hold time
                + "flush_all soon noreply\r\n"
                + "verbosity x noreply\r\n";
        assertEquals("STORED\r\n", c.exchange(requests));
        assertEquals(List.of("VALUE text 0 3", "abc"), c.send("get text\r\n").untilEnd(), "nothing was flushed");
    }

    @Test
    void aLineOverTheLimitCostsThatCommandOnly() throws Exception {
        String junk = "set " + "x".repeat(13_000);
        assertEquals("CLIENT_ERROR line is too long\r\nSTORED\r\n", c.exchange(junk + "\r\nset after 0 0 1\r\na\r\n"));
        c.send(junk.substring(0, 9_000));
        assertEquals("CLIENT_ERROR line is too long", c.line(), "answered once the limit passes");
        assertEquals("END\r\n", c.exchange(junk.substring(9_000) + "\r\nget nothing\r\n"), "the rest of it is dropped");
    }

    @Test
    void aGetLineOf13KbInOneWriteLosesNothingAfterIt() throws Exception {
        StringBuilder get = new StringBuilder("get");
        for (int i = 0; get.length() < 13_000; i++) {
            get.append(" key").append(i);
        }
        assertEquals("STORED\r\nVALUE key7 0 1\r\n7\r\nEND\r\nSTORED\r\n",
                c.exchange("set key7 0 0 1\r\n7\r\n" + get + "\r\nset after 0 0 1\r\na\r\n"));
    }

    @Test
    void aGetOf10000KeysReturns10000Values() throws Exception {
        StringBuilder sets = new StringBuilder();
        StringBuilder get = new StringBuilder("get");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            String key = "key:" + i;
            sets.append("set ").append(key).append(" 0 0 ").append(String.valueOf(i).length()).append(" noreply\r\n")
                    .append(i).append("\r\n");
            get.append(' ').append(key);
            expected.append("VALUE ").append(key).append(" 0 ").append(String.valueOf(i).length()).append("\r\n")
                    .append(i).append("\r\n");
        }
        assertEquals("", c.exchange(sets.toString()));
        assertEquals(expected + "END\r\n", c.exchange(get + "\r\n"));
        // the same line arriving in pieces cut inside keys and inside the CRLF
        byte[] line = (get + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int from = 0, step = 997; from < line.length; from += step) {
            c.send(java.util.Arrays.copyOfRange(line, from, Math.min(line.length, from + step)));
        }
        assertEquals(expected + "END\r\n", c.exchange(""));
    }

    @Test
    void aLongGetLineIsAnsweredBeforeItEnds() throws Exception {
        assertEquals("STORED\r\n", c.exchange("set v 0 0 1\r\n1\r\n"));
        int keys = 5_000; // 10 KB, past the 8 KB a line may take before it must end
        c.send("get" + " v".repeat(keys) + " ");
        for (int i = 0; i < keys; i++) {
            assertEquals("VALUE v 0 1", c.line(), "value " + i + " came while the line was still open");
            assertEquals("1", c.line());
        }
        assertEquals("VALUE v 0 1\r\n1\r\nEND\r\n", c.exchange("v\r\n"));
    }

    @Test
    void aBadKeyInAMultiGetDropsItsValuesAndTheRestOfTheLine() throws Exception {
        assertEquals("STORED\r\nCLIENT_ERROR bad command line format\r\n",
                c.exchange("set a 0 0 1\r\na\r\nget a " + "k".repeat(251) + " a\r\n"));
        assertEquals("CLIENT_ERROR invalid exptime argument\r\nEND\r\nERROR\r\nERROR\r\n",
                c.exchange("gat soon a\r\ngat 10\r\ngat\r\nget \r\n"));
    }

    @Test
    void whatMemcachedAnswersWithErrorGetsError() throws Exception {
        assertEquals("ERROR\r\n", c.exchange("delete\r\n"));
        assertEquals("ERROR\r\n", c.exchange("delete a 0 noreply more\r\n"));
        assertEquals("ERROR\r\nERROR\r\nERROR\r\nERROR\r\nERROR\r\n",
                c.exchange("touch a\r\nincr a\r\nflush_all 0 noreply x\r\nverbosity\r\nset a 0 0\r\n"));
    }

    @Test
    void extraWordsMemcachedIgnoresAreIgnored() throws Exception {
        assertEquals("STORED\r\nNOT_FOUND\r\nNOT_FOUND\r\nOK\r\nOK\r\nRESET\r\nERROR\r\nERROR\r\n",
                c.exchange("set a 0 0 1 junk\r\na\r\nincr b 1 junk\r\ntouch b 1 junk\r\nverbosity 1 junk\r\n"
                        + "flush_all 0 junk\r\nstats reset junk\r\nstats foo bar\r\nstats noreply\r\n"));
        c.send("stats settings junk\r\n");
        assertTrue(c.untilEnd().contains("STAT maxconns 1024"), "memcached 1.6.18 prints the settings, the word after ignored");
    }

    @Test
    void malformedArgumentsGetMemcachedsMessages() throws Exception {
        assertEquals("CLIENT_ERROR bad command line format\r\nCLIENT_ERROR invalid exptime argument\r\n"
                + "CLIENT_ERROR bad command line format\r\n",
                c.exchange("touch " + "k".repeat(251) + " 10\r\nflush_all soon\r\nset a 0 0 -1\r\n"));
    }

    @Test
    void aDecrThatShortensANumberStoresItWithoutPadding() throws Exception {
        assertEquals("STORED\r\n9\r\nVALUE n 0 1\r\n9\r\nEND\r\n10\r\n",
                c.exchange("set n 0 0 2\r\n10\r\ndecr n 1\r\nget n\r\nincr n 1\r\n"));
    }

    @Test
    void aSetRefusedAsTooLargeDropsTheOldItem() throws Exception {
        assertEquals("STORED\r\nSERVER_ERROR object too large for cache\r\nEND\r\n",
                c.exchange("set k 0 0 1\r\na\r\nset k 0 0 5000\r\n" + "x".repeat(5000) + "\r\nget k\r\n"));
        assertEquals("STORED\r\nSERVER_ERROR object too large for cache\r\nVALUE k 0 1\r\na\r\nEND\r\n",
                c.exchange("set k 0 0 1\r\na\r\nadd k 0 0 5000\r\n" + "x".repeat(5000) + "\r\nget k\r\n"),
                "only a set does");
    }
}
