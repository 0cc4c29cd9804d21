package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.api.Connection;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * The memcached server's backlog ({@link ServerStats#waitingConnections()}), which a node
 * publishes as load: a connection counts while it waits with requests read and unanswered (its
 * output full), and stops counting when it drains or closes; many connections pausing and
 * draining on many threads leave it at exactly 0.
 */
@Timeout(120)
class BacklogTest {

    /** A connection whose client reads nothing until told to: it holds one batch, then is full. */
    private static final class SlowReader implements Connection {
        volatile boolean reading;
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void write(byte[] data) {
            bytes.addAndGet(data.length);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            bytes.addAndGet(length);
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean writable() {
            return reading;
        }

        @Override
        public void close() {
        }

        @Override
        public String remoteAddress() {
            return "test";
        }
    }

    private static MemcachedProtocol protocol() {
        return new MemcachedProtocol(new HeapStore(64L << 20), new StandardDialects(), new Limits(Limits.DEFAULT_ITEM_MAX),
                "127.0.0.1", 0, 4096, 1);
    }

    /** A 4 KB value set, then enough gets of it to fill two output batches. */
    private static ByteBuffer requests() {
        String value = "v".repeat(4096);
        int gets = 2 * Limits.OUTPUT_BATCH / 4096 + 4;
        return ByteBuffer.wrap(("set big 0 0 4096\r\n" + value + "\r\n" + "get big\r\n".repeat(gets))
                .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aConnectionWithUnansweredRequestsCountsUntilItDrains() {
        MemcachedProtocol protocol = protocol();
        SlowReader c = new SlowReader();
        MemcachedSession s = (MemcachedSession) protocol.open(c);
        assertEquals(0, protocol.stats().waitingConnections());
        s.received(requests());
        assertEquals(1, protocol.stats().waitingConnections(), "the client reads nothing: requests wait");
        c.reading = true;
        s.writable();
        assertEquals(0, protocol.stats().waitingConnections(), "drained");
        assertTrue(c.bytes.get() > 2L * Limits.OUTPUT_BATCH, "every get was answered: " + c.bytes.get());

        SlowReader d = new SlowReader();
        MemcachedSession t = (MemcachedSession) protocol.open(d);
        t.received(requests());
        assertEquals(1, protocol.stats().waitingConnections());
        t.closed();
        assertEquals(0, protocol.stats().waitingConnections(), "a closed connection waits for nothing");
        t.writable(); // a late writability event after the close changes nothing
        assertEquals(0, protocol.stats().waitingConnections());
    }

    @Test
    void manyConnectionsPausingAndDrainingOnManyThreadsLeaveNoBacklog() throws Exception {
        MemcachedProtocol protocol = protocol();
        int threads = 8;
        int rounds = 200;
        AtomicLong maxSeen = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                for (int r = 0; r < rounds; r++) {
                    SlowReader c = new SlowReader(); // each connection lives on one thread, as on an event loop
                    MemcachedSession s = (MemcachedSession) protocol.open(c);
                    s.received(requests());
                    maxSeen.accumulateAndGet(protocol.stats().waitingConnections(), Math::max);
                    if (r % 3 == 0) {
                        s.closed();
                    } else {
                        c.reading = true;
                        s.writable();
                        s.closed();
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(0, protocol.stats().waitingConnections());
        assertTrue(maxSeen.get() >= 1 && maxSeen.get() <= threads, "seen " + maxSeen.get());
    }
}
