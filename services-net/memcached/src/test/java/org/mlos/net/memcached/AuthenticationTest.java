package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.net.memcached.auth.AuthFile;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * memcached's authentication file ({@code -Y}), side by side with a real memcached 1.6 started
 * with the same file: every exchange answered byte for byte as memcached answers it.
 */
class AuthenticationTest {

    @TempDir
    Path dir;

    /** Each string is one connection's whole input; the answers are compared, not written down. */
    private static final List<String> CONVERSATIONS = List.of(
            "get foo\r\n",
            "version\r\nstats\r\n",
            "set a 0 0 11\r\nalice wrong\r\n",
            "set a 0 0 11\r\nmallory pwd\r\n",
            "set a 0 0 13\r\nalicesecret12\r\n",
            "add a 0 0 12\r\nalice secret\r\nget a\r\n",
            "set a b\r\nget a\r\n",
            "set a 0 0 x\r\nget a\r\n",
            "set a 0 0 12\r\nalice secret\r\nset k 0 0 1\r\nA\r\nget k\r\ndelete k\r\n",
            "set a 0 0 12 noreply\r\nalice secret\r\nget nothing\r\n",
            // the size as memcached reads it (a blank after the digits, a sign), words split on spaces only
            "set a 0 0 12\t\r\nalice secret\r\nget nothing\r\n",
            "set a 0 0 +12\r\nalice secret\r\nget nothing\r\n",
            "  set  a 0 0 12 \r\nalice secret\r\nget nothing\r\n",
            "\tset a 0 0 12\r\nalice secret\r\nget nothing\r\n");

    private Path authFile() throws IOException {
        return Files.writeString(dir.resolve("users"), "alice:secret\nbob:hunter\n");
    }

    @Test
    void answersAsMemcachedAnswersWithAnAuthFile() throws Exception {
        Path file = authFile();
        try (CacheServer ours = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(AuthFile.read(file)));
                RealMemcached theirs = RealMemcached.start(List.of("-Y", file.toString()))) {
            for (String conversation : CONVERSATIONS) {
                String expected = exchange(theirs.port(), conversation, 0);
                assertEquals(expected, exchange(ours.port(), conversation, expected.length()), conversation);
            }
        }
    }

    /** A failed attempt, then a good one, each in its own write: the second opens the connection. */
    @Test
    void aFailedAttemptCanBeFollowedByAGoodOne() throws Exception {
        try (CacheServer ours = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(AuthFile.read(authFile())));
                TextClient c = new TextClient(ours.port())) {
            c.send("set a 0 0 11\r\nalice wrong\r\n");
            assertEquals("CLIENT_ERROR authentication failure", c.line());
            c.send("get x\r\n");
            assertEquals("CLIENT_ERROR unauthenticated", c.line());
            c.send("set a 0 0 10\r\nbob hunter\r\n");
            assertEquals("STORED", c.line());
            assertEquals("END", c.call("get x"));
        }
    }

    @Test
    void aMalformedAuthFileIsRefusedNamingTheLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "alice:secret\nno-colon-here\n");
        IOException e = assertThrows(IOException.class, () -> AuthFile.read(bad));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThrows(IOException.class, () -> AuthFile.read(empty));
    }

    /**
     * Sends one connection's input and reads the answer: at least {@code atLeast} bytes (waiting up
     * to 10 s for them, however busy the machine), then whatever follows until the server is quiet.
     */
    private static String exchange(int port, String input, int atLeast) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            long deadline = System.nanoTime() + 10_000_000_000L;
            try {
                while (true) {
                    boolean enough = got.size() >= atLeast || System.nanoTime() > deadline;
                    s.setSoTimeout(enough ? 500 : 1_000);
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                if (got.size() < atLeast && System.nanoTime() < deadline) {
                    return exchangeRest(in, got, atLeast, deadline);
                }
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    private static String exchangeRest(InputStream in, ByteArrayOutputStream got, int atLeast, long deadline)
            throws IOException {
        byte[] buf = new byte[4096];
        while (got.size() < atLeast && System.nanoTime() < deadline) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException stillWaiting) {
                // keep waiting until the deadline
            }
        }
        return got.toString(StandardCharsets.US_ASCII);
    }
}
