package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The meta commands byte for byte as memcached 1.6.18 answers them (each expected reply was read
 * from one, sent the same bytes). CAS values are shown as {@code c#} unless a test follows one.
 */
@Timeout(60)
class MetaParityTest {

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

    /** Sends it all in one write, then {@code version}; every byte answered before VERSION's, CAS values as {@code c#}. */
    private String exchange(String requests) throws IOException {
        return c.exchange(requests).replaceAll("(?<= )c[1-9][0-9]*(?=[ \r])", "c#").replaceAll("cas=[0-9]+", "cas=#").replaceAll("la=[0-9]+", "la=#");
    }

    @Test
    void flagsAreAnsweredInTheOrderGiven() throws Exception {
        assertEquals("VA 2 t100 f5 c# kfoo s2 O9 h0 l0\r\nhi\r\nHD h1\r\nEN knope Ox\r\nMN\r\n",
                exchange("ms foo 2 T100 F5 c k O123 q\r\nhi\r\n"       // q: HD not sent
                        + "mg foo v t f c k s q O9 h l\r\n"            // a hit is sent under q
                        + "mg foo h\r\n"
                        + "mg nope q k Ox\r\n"                         // q: EN not sent
                        + "mg nope k Ox\r\n"
                        + "mn\r\n"));
    }

    @Test
    void staleItemsHandOutOneWinToken() throws Exception {
        assertEquals("HD c#\r\nHD\r\nVA 2 c# X W\r\nhi\r\nVA 2 c# Z X\r\nhi\r\nHD\r\nVA 2 Z X\r\nyo\r\n",
                exchange("ms foo 2 c\r\nhi\r\n"
                        + "md foo I T30\r\n"                           // stale, new CAS, TTL 30
                        + "mg foo c v\r\n"                             // first reader wins the recache
                        + "mg foo c v\r\n"                             // later ones see Z
                        + "ms foo 2 C1 I\r\nyo\r\n"                    // older CAS with I: stored, still stale
                        + "mg foo v\r\n"));
        assertEquals("HD t30 Z X\r\nHD\r\nHD\r\nHD X W\r\n", exchange("mg foo t\r\nmd foo q\r\nms foo 2\r\nab\r\nmg foo\r\nmd foo I q\r\nmg foo\r\n"));
    }

    @Test
    void vivifyOnMissAndRecache() throws Exception {
        assertEquals("EN\r\nVA 0 c# W\r\n\r\nVA 0 t30 Z\r\n\r\nHD\r\nHD t1000 W\r\nHD t1000 Z\r\nHD t1000 Z\r\n",
                exchange("mg new v\r\n"
                        + "mg new N30 v c\r\n"                         // created, 0 bytes, the win is ours
                        + "mg new N30 v t\r\n"                         // another client: Z
                        + "ms r 1 T1000\r\nx\r\n"
                        + "mg r t R2000\r\n"                           // TTL below R: win
                        + "mg r t R2000\r\n"
                        + "mg r t R30\r\n"));
    }

    @Test
    void setModesAndCompare() throws Exception {
        String cas = c.exchange("ms m 1 c\r\na\r\n").replaceAll("[^0-9]", "");
        assertEquals("NS\r\nHD\r\nHD\r\nVA 3\r\nbac\r\nNF\r\nEX\r\nHD\r\nEX\r\nEX c0\r\nHD c#\r\nNS\r\n",
                exchange("ms m 1 ME\r\nz\r\n"                           // add: exists
                        + "ms m 1 MA\r\nc\r\n"
                        + "ms m 1 MP\r\nb\r\n"
                        + "mg m v\r\n"
                        + "ms none 1 MR C5\r\nx\r\n"                   // replace with CAS of a missing key
                        + "ms m 1 C" + cas + "\r\nx\r\n"               // CAS changed since
                        + "ms none 1 ME C5\r\nx\r\n"                   // add ignores C
                        + "ms none 1 MA C1\r\nx\r\n"                 // append compares too
                        + "ms m 1 MA C1 c\r\nx\r\n"
                        + "ms m 1 MS c\r\nx\r\n"
                        + "ms zz 1 MR q\r\nx\r\n"));                   // q hides HD only
    }

    @Test
    void arithmetic() throws Exception {
        assertEquals("VA 1 t-1\r\n5\r\nVA 1 c#\r\n0\r\nNF kzz Oa\r\nHD\r\nHD\r\nEN\r\nHD\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
                + "VA 2 t1000\r\n10\r\n",
                exchange("ma cnt N0 J5 v t\r\n"                       // created from J
                        + "ma cnt q\r\n"                               // q hides HD
                        + "ma cnt v D10 MD c\r\n"                      // decr stops at 0
                        + "ma zz k Oa\r\n"
                        + "ma x N0 q\r\n"                              // a created counter is answered under q
                        + "ma x T-1\r\n"                               // T on a hit: expired now
                        + "mg x\r\n"
                        + "ms t 1\r\nx\r\nma t\r\n"
                        + "ma ten N1000 J10 v t\r\n"));
    }

    @Test
    void anOverlongOpaqueIsFoundAfterTheChangeAsInMemcached() throws Exception {
        String o = "O" + "x".repeat(32);
        String error = "CLIENT_ERROR opaque token too long\r\n";
        assertEquals(error + "VA 1 t100\r\n5\r\n" + error + "VA 1 t50\r\n6\r\n" + error + "VA 1 t50\r\n7\r\n"
                + error + "HD t30\r\n",
                exchange("ma q5 N0 J5 T100 " + o + " t\r\n"          // created, with the TTL given before
                        + "mg q5 t v\r\n"
                        + "ma q5 T50 " + o + "\r\n"                  // incremented, touched
                        + "mg q5 t v\r\n"
                        + "ma q5 " + o + " T70\r\n"                  // incremented, not touched
                        + "mg q5 t v\r\n"
                        + "mg q5 T30 " + o + "\r\n"                  // mg: touched all the same
                        + "mg q5 t\r\n"));
    }

    @Test
    void base64KeysAndDebug() throws Exception {
        assertEquals("HD\r\nHD kZm9v b\r\nHD kZm9v b\r\nME Zm9v exp=-1 la=# cas=# fetch=yes cls=1 size=64\r\nEN kZm8= b\r\n"
                + "HD kZm9v b\r\nHD\r\nME fl exp=-1 la=# cas=# fetch=no cls=1 size=67\r\nEN\r\n",
                exchange("ms Zm9v 2 b\r\nhi\r\n"
                        + "mg Zm9v b k\r\n"
                        + "mg foo k\r\n"                               // the item came base64: its key goes back so
                        + "me Zm9v b\r\n"
                        + "mg Zm9= b k v\r\n"                          // decodes to "fo": a miss
                        + "md Zm9v b k\r\n"
                        + "ms fl 2 F5\r\nhi\r\nme fl\r\n"
                        + "me foo\r\n"));
    }

    @Test
    void malformedLinesGetMemcachedsErrors() throws Exception {
        assertEquals("CLIENT_ERROR error decoding key\r\nCLIENT_ERROR invalid flag\r\nCLIENT_ERROR duplicate flag\r\n"
                + "CLIENT_ERROR bad command line format\r\nCLIENT_ERROR invalid mode for ms M token\r\nERROR\r\nMN\r\nERROR\r\n"
                + "CLIENT_ERROR bad command line format\r\nCLIENT_ERROR invalid mode for ma M token\r\n"
                + "CLIENT_ERROR opaque token too long\r\nCLIENT_ERROR opaque token too long\r\n"
                + "CLIENT_ERROR options flags are too long\r\nCLIENT_ERROR invalid or duplicate flag\r\n"
                + "CLIENT_ERROR invalid or duplicate flag\r\nCLIENT_ERROR bad data chunk\r\nERROR\r\nERROR\r\n"
                + "CLIENT_ERROR bad command line format\r\nCLIENT_ERROR error decoding key\r\n",
                exchange("mg a b\r\n"
                        + "mg foo x\r\n"
                        + "mg foo v v\r\n"
                        + "ms foo bar\r\n"
                        + "ms foo 2 MX\r\nxx\r\n"                      // the data block is skipped
                        + "mx\r\n"
                        + "mn junk\r\n"
                        + "mg\r\n"
                        + "ms foo\r\n"
                        + "ma bad MZ\r\n"
                        + "mg foo O" + "x".repeat(32) + "\r\n"
                        + "mg nope O" + "x".repeat(32) + "\r\n"
                        + "mg foo a b c d e f g h i j k l m n o p q r s t u v\r\n"
                        + "md n Q\r\n"
                        + "ma n D\r\n"
                        + "ms foo 2 q\r\nabc\r\n"                      // errors are sent under q; the stray LF is a line
                        + "MG k\r\n"                                   // not a meta command
                        + "me\r\n"
                        + "ms b 2 b\r\nhi\r\n"));
    }

    /** Random meta-looking lines, many malformed: every batch is answered, the connection goes on. */
    @Test
    void randomMetaLinesNeverBreakTheConnection() throws Exception {
        java.util.Random random = new java.util.Random(1130);
        String[] words = { "mg", "ms", "md", "ma", "me", "mn", "k0", "k1", "azA=", "a", "b", "v", "q", "k", "c", "t", "s",
                "f", "h", "l", "u", "I", "T-1", "T0", "T10", "N0", "N5", "R5", "C0", "C1", "Cx", "MA", "ME", "MD", "M-", "MZ",
                "D3", "J7", "Dx", "F1", "Fx", "O1", "O", "P", "L", "Z", "=", "-", "99999999999999999999", "" };
        for (int batch = 0; batch < 200; batch++) {
            StringBuilder b = new StringBuilder();
            for (int line = 0; line < 50; line++) {
                for (int n = random.nextInt(8); n >= 0; n--) {
                    b.append(words[random.nextInt(words.length)]).append(random.nextInt(6) == 0 ? "  " : " ");
                }
                b.append(random.nextInt(10) == 0 ? "\n" : "\r\n");
                if (random.nextInt(8) == 0) {
                    b.append("ms k").append(random.nextInt(3)).append(' ').append(random.nextInt(40)).append(" T5 c\r\n");
                }
            }
            b.append("\r\n".repeat(60)).append("version\r\n");
            c.send(b.toString());
            for (String l = c.line(); !l.startsWith("VERSION "); l = c.line()) {
                assertEquals(false, l.startsWith("SERVER_ERROR"), l);
            }
        }
    }

    @Test
    void metaAndTextShareAConnectionAndSplitReads() throws Exception {
        c.send("set k 0 0 1\r\nx\r\nm");
        assertEquals("STORED", c.line());
        c.send("g k v");
        c.send(" s\r\nms j 5\r\nab");
        assertEquals("VA 1 s1", c.line());
        assertEquals("x", c.line());
        c.send("cde\r\nget j\r\n");
        assertEquals("HD", c.line());
        assertEquals("VALUE j 0 5", c.line());
        assertEquals("abcde", c.line());
        assertEquals("END", c.line());
        assertEquals("SERVER_ERROR object too large for cache\r\nEN\r\n",
                exchange("ms j 5000 T0\r\n" + "y".repeat(5000) + "\r\nmg j\r\n")); // the old item is dropped too
    }
}
