package org.mlos.cluster.remote.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.core.remote.EntryCodec;
import org.mlos.core.remote.RemoteDispatcher;
import org.mlos.core.remote.WireIn;
import org.mlos.core.remote.WireOut;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;

/**
 * The host's half of moving state into and out of a hosted instance in the entries format: an
 * import fed by batches of operations, and an export streamed in chunks the caller fetches one by
 * one (so no frame grows with the state, and the host buffers a bounded part of it), plus
 * single-key reads for the kernel's replay.
 */
final class HostedStates {

    static final byte OP_PUT = 1;
    static final byte OP_REMOVE = 2;
    static final byte OP_CLEAR = 3;
    static final byte END_CHECK = 1;
    static final byte END_COMMIT = 2;
    static final byte END_ABORT = 3;
    static final int CHUNK_BYTES = 256 * 1024;

    private final Map<Integer, EntryImport> imports = new ConcurrentHashMap<>();
    private final Map<Integer, ExportStream> exports = new ConcurrentHashMap<>();

    /** Whether the instance can move its state in the entries format, both ways. */
    static boolean movesEntries(RemoteDispatcher d) {
        return d.target() instanceof Transferable t && t.exportFormats().contains(StateFormats.ENTRIES)
                && t.importFormats().contains(StateFormats.ENTRIES);
    }

    private static Transferable transferable(RemoteDispatcher d) {
        if (!(d.target() instanceof Transferable t)) {
            throw new IllegalStateException("the hosted " + d.kind() + " moves no state (it is not Transferable)");
        }
        return t;
    }

    void openImport(int id, RemoteDispatcher d, String format) throws Exception {
        if (!StateFormats.ENTRIES.equals(format)) {
            throw new IllegalArgumentException("remote instances move state in the entries format only, not " + format);
        }
        StateImport i = transferable(d).importState(format);
        EntryImport old = imports.put(id, (EntryImport) i);
        if (old != null) {
            old.abort();
        }
    }

    void importOps(int id, RemoteDispatcher d, WireIn in) throws Exception {
        EntryImport i = imports.get(id);
        if (i == null) {
            throw new IllegalStateException("no import open on instance " + id);
        }
        EntryCodec codec = d.entries();
        while (in.remaining() > 0) {
            byte op = in.readByte();
            switch (op) {
                case OP_PUT -> i.put(codec.readEntry(in));
                case OP_REMOVE -> i.remove(codec.readKey(in));
                case OP_CLEAR -> i.clear();
                default -> throw new IllegalArgumentException("unknown import operation " + op);
            }
        }
    }

    void endImport(int id, byte action) throws Exception {
        EntryImport i = action == END_CHECK ? imports.get(id) : imports.remove(id);
        if (i == null) {
            throw new IllegalStateException("no import open on instance " + id);
        }
        switch (action) {
            case END_CHECK -> i.check();
            case END_COMMIT -> i.commit();
            default -> i.abort();
        }
    }

    /**
     * Opens an export: a thread of its own reads the instance's entries into chunks, at most
     * {@value ExportStream#AHEAD} chunks ahead of the caller, so the host holds a bounded part of
     * the state however large it is, and no frame waits for the whole state to be read.
     */
    long openExport(int id, RemoteDispatcher d, String format) throws Exception {
        if (!StateFormats.ENTRIES.equals(format)) {
            throw new IllegalArgumentException("remote instances move state in the entries format only, not " + format);
        }
        EntryExport e = (EntryExport) transferable(d).exportState(format);
        ExportStream old = exports.put(id, new ExportStream(id, e, d.entries()));
        if (old != null) {
            old.end(false);
        }
        return entries(e);
    }

    /** The export's own count (a store's size), for the caller's progress lines; -1 when it gives none. */
    private static long entries(EntryExport e) {
        try {
            return Math.max(-1, e.entries());
        } catch (RuntimeException unknown) {
            return -1;
        }
    }

    /** The next chunk of an open export, in order; the caller says which it expects. */
    ExportStream.Chunk chunk(int id, int index) throws InterruptedException {
        ExportStream e = exports.get(id);
        if (e == null) {
            throw new IllegalStateException("no export open on instance " + id);
        }
        return e.next(index);
    }

    void entry(int id, RemoteDispatcher d, WireIn in, WireOut out) throws Exception {
        ExportStream e = exports.get(id);
        if (e == null) {
            throw new IllegalStateException("no export open on instance " + id);
        }
        StateEntry entry = e.export().entry(d.entries().readKey(in));
        if (out.present(entry)) {
            d.entries().writeEntry(out, entry);
        }
    }

    /** What the export carries beside its entries (a store's counters), as it is now, one after another. */
    void beside(int id, RemoteDispatcher d, WireOut out) throws Exception {
        ExportStream e = exports.get(id);
        if (e == null) {
            throw new IllegalStateException("no export open on instance " + id);
        }
        e.export().forEachBeside(entry -> d.entries().writeEntry(out, entry));
    }

    void endExport(int id, byte action) {
        ExportStream e = exports.remove(id);
        if (e == null) {
            throw new IllegalStateException("no export open on instance " + id);
        }
        e.end(action == END_COMMIT);
    }

    /** Drops whatever an instance had open (it is closing). */
    void forget(int id) {
        EntryImport i = imports.remove(id);
        if (i != null) {
            i.abort();
        }
        ExportStream e = exports.remove(id);
        if (e != null) {
            e.end(false);
        }
    }
}
