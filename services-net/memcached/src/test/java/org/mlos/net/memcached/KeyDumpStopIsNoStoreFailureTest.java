package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.CallFigures;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * The regression this pins: {@code stats cachedump} ends its walk of the store early, once it has
 * its items, by an exception thrown from inside the walk; through the store's handle, with the
 * kernel counting calls ({@code count.calls}), each such dump counted as a failed store call,
 * and the supervision judges a store on probation by its failed calls. A walk the caller stops is
 * not the store failing ({@code CallerStop}); a walk whose consumer fails otherwise still is.
 */
@Timeout(60)
class KeyDumpStopIsNoStoreFailureTest {

    @Test
    void aCachedumpThatStopsAtItsLimitCountsNoFailedStoreCall() {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore store = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64L << 20), 0);
        kernel.configure(KeyValueStore.class.getName(), new KindPreference(null, 0, true));
        for (int i = 0; i < 100; i++) {
            store.set("key-" + i, new byte[] { 'v' }, 0, KeyValueStore.NEVER);
        }
        StandardDialects dialects = new StandardDialects();
        dialects.itemSource(each -> store.forEachItem(each));
        MemcachedProtocol protocol = new MemcachedProtocol(store, dialects, new Limits(Limits.DEFAULT_ITEM_MAX),
                "127.0.0.1", 0, 1024, 1);
        RecordingConnection c = RecordingConnection.keeping();
        MemcachedSession s = (MemcachedSession) protocol.open(c);
        // every item lies in one class: that class's dump stops after its first item, the others walk all
        StringBuilder ask = new StringBuilder();
        for (int cls = 1; cls <= 4; cls++) {
            ask.append("stats cachedump ").append(cls).append(" 1\r\n");
        }
        s.received(ByteBuffer.wrap(ask.toString().getBytes(StandardCharsets.US_ASCII)));
        s.closed();
        assertEquals(1, c.text().split("ITEM ", -1).length - 1, "one item listed: " + c.text());
        CallFigures f = kernel.callFigures(KeyValueStore.class.getName()).orElseThrow();
        assertEquals(0, f.failures(), "failed store calls after dumps that stopped early");

        assertThrows(IllegalStateException.class, () -> store.forEachItem(e -> {
            throw new IllegalStateException("a consumer that fails");
        }));
        assertEquals(1, kernel.callFigures(KeyValueStore.class.getName()).orElseThrow().failures(),
                "a walk whose consumer fails is still counted");
        assertTrue(f.calls() > 100, "calls counted: " + f.calls());
    }
}
