package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.net.memcached.auth.AuthFile;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * Binary SASL PLAIN on a node with an authentication file, side by side with a real memcached
 * started with {@code -S} (Cyrus SASL, PLAIN only, the same user in a sasldb): every conversation
 * answered byte for byte as memcached answers it, connection closes included.
 */
class BinarySaslTest {

    private static final int LIST = 0x20, AUTH = 0x21, STEP = 0x22, GET = 0x00, SET = 0x01, NOOP = 0x0a, VERSION = 0x0b;

    @TempDir
    Path dir;

    private static byte[] request(int opcode, String key, byte[] extras, byte[] value, int opaque) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(24 + extras.length + k.length + value.length);
        b.put((byte) 0x80).put((byte) opcode).putShort((short) k.length).put((byte) extras.length).put((byte) 0)
                .putShort((short) 0).putInt(extras.length + k.length + value.length).putInt(opaque).putLong(0);
        return b.put(extras).put(k).put(value).array();
    }

    private static byte[] request(int opcode, String key, String value, int opaque) {
        return request(opcode, key, new byte[0], value.getBytes(StandardCharsets.ISO_8859_1), opaque);
    }

    private static byte[] set(String key, String value) {
        return request(SET, key, new byte[8], value.getBytes(StandardCharsets.US_ASCII), 9);
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Each is one connection's whole input; the answers are compared, not written down. */
    private static final List<byte[]> CONVERSATIONS = List.of(
            request(LIST, "", "", 1),
            join(request(AUTH, "PLAIN", "\0alice\0secret", 2), request(GET, "k", "", 3), request(NOOP, "", "", 4)),
            join(request(AUTH, "PLAIN", "\0alice\0wrong", 2), request(AUTH, "PLAIN", "\0mallory\0secret", 3),
                    request(AUTH, "PLAIN", "\0alice\0secret", 4), request(GET, "k", "", 5)), // a miss: CAS uniques differ
            join(request(GET, "k", "", 6), request(NOOP, "", "", 7)),
            join(set("k", "v"), request(NOOP, "", "", 7)),
            join(request(STEP, "PLAIN", "\0alice\0secret", 8), request(NOOP, "", "", 9)),
            join(request(AUTH, "PLAIN", "", 10), request(STEP, "PLAIN", "\0alice\0secret", 11), request(NOOP, "", "", 12)),
            join(request(AUTH, "CRAM-MD5", "alice", 13), request(LIST, "", "", 14)),
            join(request(AUTH, "PLAIN", "alice\0alice\0secret", 15), request(NOOP, "", "", 16)),
            join(request(AUTH, "PLAIN", "bob\0alice\0secret", 17), request(NOOP, "", "", 18)),
            join(request(AUTH, "PLAIN", "alicesecret", 19), request(AUTH, "PLAIN", "\0alice", 20), request(LIST, "", "", 21)),
            join(request(AUTH, "PLAIN", "\0alice\0secret\0", 22), request(LIST, "", "", 23)),
            join(request(LIST, "x", "", 24), request(LIST, "", "", 25)),
            join(request(AUTH, "", "\0alice\0secret", 26), request(LIST, "", "", 27)),
            join(request(AUTH, "P".repeat(33), "\0alice\0secret", 28), request(LIST, "", "", 29)));

    @Test
    void answersAsMemcachedWithSaslAnswers() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:secret\n");
        try (CacheServer ours = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(AuthFile.read(users)));
                RealMemcached theirs = RealMemcached.start(List.of("-S"), Map.of("SASL_CONF_PATH", saslConfig().toString()))) {
            for (int i = 0; i < CONVERSATIONS.size(); i++) {
                byte[] expected = exchange(theirs.port(), CONVERSATIONS.get(i), 0);
                assertArrayEquals(expected, exchange(ours.port(), CONVERSATIONS.get(i), expected.length),
                        "conversation " + i + ": memcached answered " + printable(expected));
            }
        }
    }

    @Test
    void versionIsAnsweredBeforeAuthenticationAndAnythingElseClosesTheConnection() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:secret\n");
        try (CacheServer ours = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(AuthFile.read(users)))) {
            byte[] version = exchange(ours.port(), request(VERSION, "", "", 1), 24);
            assertEquals(0, version[7], "status OK");
            assertTrue(new String(version, 24, version.length - 24, StandardCharsets.US_ASCII).startsWith("1.6"));
            byte[] refused = exchange(ours.port(), join(request(GET, "k", "", 2), request(NOOP, "", "", 3)), 24);
            assertEquals(0x20, refused[7], "auth error");
            assertEquals("Auth failure.", new String(refused, 24, refused.length - 24, StandardCharsets.US_ASCII),
                    "one answer, then the connection closed");
        }
    }

    /** Cyrus SASL's configuration for memcached: PLAIN only, users in a sasldb made by saslpasswd2. */
    private Path saslConfig() throws IOException, InterruptedException {
        String saslpasswd2 = RealMemcached.find("saslpasswd2");
        if (saslpasswd2 == null) {
            String why = "saslpasswd2 not found: install it (apt-get install -y sasl2-bin)";
            if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        Path db = dir.resolve("sasldb2");
        Files.writeString(dir.resolve("memcached.conf"), "mech_list: plain\nsasldb_path: " + db + "\n");
        Process p = new ProcessBuilder(saslpasswd2, "-p", "-a", "memcached", "-c", "-f", db.toString(), "alice")
                .redirectErrorStream(true).start();
        p.getOutputStream().write("secret".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("saslpasswd2 failed: " + output);
        }
        return dir;
    }

    /** One connection's answer: at least {@code atLeast} bytes (waiting up to 10 s), then whatever follows until quiet or closed. */
    private static byte[] exchange(int port, byte[] input, int atLeast) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(input);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                boolean enough = got.size() >= atLeast || System.nanoTime() > deadline;
                s.setSoTimeout(enough ? 500 : 1_000);
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                } catch (SocketTimeoutException quiet) {
                    if (enough) {
                        break;
                    }
                }
            }
            return got.toByteArray();
        }
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x));
        }
        return sb.toString();
    }
}
