package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.mlos.core.remote.WireIn;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.core.remote.RemoteKinds;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Bringing a kind home read the host instance's whole state into memory, on the event loop, before
 * the first chunk went out. The export now streams: the host reads at most a few chunks ahead of
 * the caller, hands over every entry once and in order, and stops reading when the caller ends it.
 */
class ExportStreamTest {

    private static final int ENTRIES = 200_000;
    private static final byte[] VALUE = new byte[100];

    /** An export of ENTRIES made-up entries that counts how many it has been asked for. */
    private static final class Counted implements EntryExport {
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean committed = new AtomicBoolean();
        final AtomicBoolean aborted = new AtomicBoolean();

        @Override
        public void forEach(Consumer<? super StateEntry> sink) {
            for (int i = 0; i < ENTRIES; i++) {
                read.incrementAndGet();
                sink.accept(new StoreEntry("k" + i, VALUE, i, KeyValueStore.NEVER, i + 1, 0));
            }
        }

        @Override
        public StateEntry entry(Object key) {
            return null;
        }

        @Override
        public long entries() {
            return ENTRIES;
        }

        @Override
        public void commit() {
            committed.set(true);
        }

        @Override
        public void abort() {
            aborted.set(true);
        }
    }

    private static org.mlos.core.remote.EntryCodec codec() {
        return RemoteKinds.dispatcher(KeyValueStore.class, new HeapStore(1 << 20)).entries();
    }

    @Test
    void theHostReadsABoundedPartAheadOfTheCaller() throws Exception {
        Counted export = new Counted();
        ExportStream stream = new ExportStream(1, export, codec());
        long perChunk = HostedStates.CHUNK_BYTES / (VALUE.length + 10) + 1;
        long bound = (ExportStream.AHEAD + 2) * perChunk;
        long before;
        do { // until the reader stops: it waits for the caller
            before = export.read.get();
            Thread.sleep(200);
        } while (export.read.get() != before);
        assertTrue(before <= bound, "read " + before + " entries ahead of a caller that fetched nothing (bound " + bound + ")");
        assertTrue(before < ENTRIES);

        org.mlos.core.remote.EntryCodec codec = codec();
        long seen = 0;
        for (int index = 0;; index++) {
            ExportStream.Chunk c = stream.next(index);
            WireIn in = new WireIn(c.bytes());
            while (in.remaining() > 0) {
                StoreEntry e = (StoreEntry) codec.readEntry(in);
                assertEquals("k" + seen, e.key(), "entries once each, in order");
                seen++;
            }
            if (c.last()) {
                assertEquals(ENTRIES, c.entries());
                break;
            }
        }
        assertEquals(ENTRIES, seen);
        IllegalStateException past = assertThrows(IllegalStateException.class, () -> stream.next(999));
        assertTrue(past.getMessage().contains("end"), past.getMessage());
        stream.end(true);
        assertTrue(export.committed.get());
        assertFalse(export.aborted.get());
    }

    @Test
    void endingItMidWayStopsTheReader() throws Exception {
        Counted export = new Counted();
        ExportStream stream = new ExportStream(2, export, codec());
        stream.next(0);
        IllegalStateException repeated = assertThrows(IllegalStateException.class, () -> stream.next(0));
        assertTrue(repeated.getMessage().contains("chunk 1 is next"), repeated.getMessage());
        stream.end(false);
        long atEnd = export.read.get();
        Thread.sleep(300);
        assertEquals(atEnd, export.read.get(), "the reader stopped");
        assertTrue(atEnd < ENTRIES);
        assertTrue(export.aborted.get());
        assertFalse(export.committed.get());
    }
}
