package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * VERSION with a key, NOOP or QUIT with a body, STAT with extras: memcached 1.6.18 answers
 * "Invalid arguments" (0x04); this server served them as if well formed. They are now refused with
 * memcached's status, and, as for every malformed request here, the connection goes on (memcached
 * closes it). A GET declaring a 2 GB body was answered "Too large." and the server then waited
 * to skip 2 GB; no request but a storage one carries a value, so, like memcached, it is refused
 * and the connection closed.
 */
@Timeout(60)
class BinaryRequestsMemcachedRefusesTest {

    private static final int STAT = 0x10, VERSION = 0x0b;

    @Test
    void requestsWithABodyTheyCannotHaveAreInvalidArguments() throws Exception {
        List<byte[]> requests = List.of(
                BinaryClient.request(VERSION, 0, 1, 0, new byte[0], "k", new byte[0]),
                BinaryClient.request(BinaryClient.NOOP, 0, 2, 0, new byte[0], "", new byte[] { 'v' }),
                BinaryClient.request(BinaryClient.QUIT, 0, 3, 0, new byte[0], "k", new byte[0]),
                BinaryClient.request(STAT, 0, 4, 0, new byte[8], "", new byte[0]));
        try (CacheServer server = new CacheServer(); RealMemcached memcached = RealMemcached.start()) {
            for (byte[] request : requests) {
                int theirs;
                try (BinaryClient c = new BinaryClient(memcached.port())) {
                    theirs = c.send(request).read().status();
                }
                try (BinaryClient c = new BinaryClient(server.port())) {
                    BinaryClient.Response r = c.send(request).read();
                    assertEquals(theirs, r.status(), "opcode " + r.opcode());
                    assertEquals(0x04, r.status());
                    // the connection goes on
                    assertEquals(0, c.call(BinaryClient.NOOP, 0, new byte[0], "", "").status());
                }
            }
        }
    }

    /** memcached skips an unknown command's body, however long, and goes on; so does this server. */
    @Test
    void anUnknownCommandsLongBodyIsSkipped() throws Exception {
        byte[] body = new byte[2 << 20];
        byte[] unknown = BinaryClient.request(0x40, 0, 7, 0, new byte[0], "", body);
        try (CacheServer server = new CacheServer(); BinaryClient c = new BinaryClient(server.port())) {
            assertEquals(0x81, c.send(unknown).read().status());
            assertEquals(0, c.call(BinaryClient.NOOP, 0, new byte[0], "", "").status(), "the connection goes on");
        }
    }

    // A client that had sent body bytes would likely meet the close as a reset, which can drop the
    // reply before it reads it: memcached's close does the same.
    @Test
    void aGetDeclaringAHugeBodyIsRefusedAndClosed() throws Exception {
        byte[] header = ByteBuffer.allocate(24).put((byte) 0x80).put((byte) BinaryClient.GET).putShort((short) 0)
                .put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0x7fffffff).putInt(9).putLong(0).array();
        try (CacheServer server = new CacheServer(); BinaryClient c = new BinaryClient(server.port())) {
            assertEquals(0x04, c.send(header).read().status());
            assertThrows(java.io.EOFException.class, c::read, "closed after the refusal, not waiting for the body");
        }
    }
}
