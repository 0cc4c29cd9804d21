package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.net.memcached.Operations.Result;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.meta.ItemMarks.Mark;

/**
 * {@code md <key> <flags>*}: delete, only while the CAS matches with {@code C}; with {@code I} the
 * item is kept but marked stale under a new CAS (and a new TTL with {@code T}), so its next reader
 * wins the recache while others go on reading the old value.
 */
final class MetaDelete {

    private final Operations ops;
    private final KeyValueStore store;
    private final ItemMarks marks;

    MetaDelete(Operations ops, ItemMarks marks) {
        this.ops = ops;
        this.store = ops.store();
        this.marks = marks;
    }

    String answer(List<String> words, Output out) {
        MetaFlags f = MetaFlags.forKey(words, "CLIENT_ERROR options flags too long", false);
        if (f.error != null) {
            return f.error;
        }
        if (MetaFlags.opaqueTooLong(words, 2)) {
            return "CLIENT_ERROR opaque token too long";
        }
        Result r = f.setStale ? invalidate(f) : delete(f);
        if (r == Result.STORED && f.noReply) {
            return null;
        }
        out.ascii(r == Result.STORED ? "HD" : r == Result.EXISTS ? "EX" : "NF");
        MetaReply.opaqueAndKey(out, words, 2, f);
        out.crlf();
        return null;
    }

    private Result delete(MetaFlags f) {
        if (f.hasCas && f.cas == 0) {
            ops.deleteMissed();
            return store.get(f.key) == null ? Result.NOT_FOUND : Result.EXISTS; // no item has CAS 0
        }
        Result r = ops.metaDelete(f.key, f.hasCas ? f.cas : 0);
        if (r == Result.STORED) {
            marks.forget(f.key);
        }
        return r;
    }

    /** Marks the item stale; counted as memcached counts it: a miss when not found or of another CAS, else nothing. */
    private Result invalidate(MetaFlags f) {
        StoreEntry cur = store.get(f.key);
        if (cur == null || f.hasCas && cur.cas() != f.cas) {
            ops.deleteMissed();
            return cur == null ? Result.NOT_FOUND : Result.EXISTS;
        }
        long expires = f.newTtl ? MetaReply.expiresAt(f.ttl, System.currentTimeMillis()) : cur.expiresAt();
        Mark old = marks.of(f.key, cur.cas());
        CasResult r = store.compareAndSet(f.key, cur.value(), cur.flags(), expires, cur.cas());
        switch (r.status()) {
            case STORED:
                marks.put(f.key, new Mark(r.cas(), true, false, old != null && old.fetched(), old != null && old.binary()));
                return Result.STORED;
            case EXISTS:
                ops.deleteMissed();
                return Result.EXISTS;
            default:
                ops.deleteMissed();
                return Result.NOT_FOUND;
        }
    }
}
