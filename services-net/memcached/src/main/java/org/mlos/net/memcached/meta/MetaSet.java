package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.Commands.Step;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations.Mode;
import org.mlos.net.memcached.Operations.Outcome;
import org.mlos.net.memcached.Operations.Result;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;
import org.mlos.net.memcached.meta.ItemMarks.Mark;

/**
 * {@code ms <key> <datalen> <flags>*} and its data block: set, or by {@code M} add, append,
 * prepend, replace; {@code C} compares the CAS, and with {@code I} an older CAS still stores the
 * value but marks it stale. A refused line still has its data block skipped, as in memcached.
 */
final class MetaSet {

    private final Operations ops;
    private final KeyValueStore store;
    private final ItemMarks marks;
    private final SessionControl session;
    /** A command whose data block has not fully arrived. */
    private Pending pending;

    private record Pending(List<String> words, MetaFlags flags, Mode mode, int length) {
    }

    MetaSet(Operations ops, ItemMarks marks, SessionControl session) {
        this.ops = ops;
        this.store = ops.store();
        this.marks = marks;
        this.session = session;
    }

    boolean pending() {
        return pending != null;
    }

    /** Reads the command line; returns the error line to send instead, or null (then {@link #data} follows). */
    String answer(List<String> words, Output out) {
        if (words.size() < 2) {
            return "ERROR";
        }
        if (words.get(1).length() > Limits.KEY_MAX || words.size() == 2) {
            return MetaFlags.BAD_FORMAT;
        }
        if (words.size() + 1 > MetaFlags.WORDS_MAX) {
            return "CLIENT_ERROR options flags too long";
        }
        Long length = CNumbers.int32(words.get(2));
        if (length == null || length < 0 || length > Integer.MAX_VALUE - 2) {
            return MetaFlags.BAD_FORMAT;
        }
        MetaFlags f = MetaFlags.parse(words, 3);
        String error = f.error;
        Mode mode = null;
        if (error == null) {
            if (MetaFlags.opaqueTooLong(words, 3)) {
                error = "CLIENT_ERROR opaque token too long";
            }
            mode = mode(f.mode);
            if (mode == null) {
                error = "CLIENT_ERROR invalid mode for ms M token";
            }
        }
        if (error == null && length > ops.limits().itemMax()) {
            error = "SERVER_ERROR object too large for cache";
            // memcached drops the old item whatever the mode, so no stale value lingers
            ops.refusedAsTooLarge(Operations.Mode.SET, f.key);
        }
        if (error != null) {
            session.swallow(length + 2);
            return error;
        }
        pending = new Pending(words, f, mode, (int) (long) length);
        return null;
    }

    private static Mode mode(char m) {
        switch (m) {
            case 0:
            case 'S':
                return Mode.SET;
            case 'E':
                return Mode.ADD;
            case 'A':
                return Mode.APPEND;
            case 'P':
                return Mode.PREPEND;
            case 'R':
                return Mode.REPLACE;
            default:
                return null;
        }
    }

    /** Stores the data block once it has arrived whole. */
    Step data(InputBuffer in, Output out) {
        Pending p = pending;
        if (in.available() < p.length() + 2) {
            return Step.MORE;
        }
        pending = null;
        boolean terminated = in.at(p.length()) == '\r' && in.at(p.length() + 1) == '\n';
        byte[] value = terminated ? in.copy(0, p.length()) : null;
        in.consume(p.length() + 2);
        if (!terminated) {
            session.protocolError();
            out.line("CLIENT_ERROR bad data chunk");
            return Step.DONE;
        }
        MetaFlags f = p.flags();
        Outcome o = store(f, p.mode(), value);
        if (o.result() == Result.STORED && f.noReply) {
            return Step.DONE;
        }
        out.ascii(code(o.result()));
        for (int i = 3; i < p.words().size(); i++) {
            String w = p.words().get(i);
            switch (w.charAt(0)) {
                case 'O':
                    out.ascii(" ").text(w);
                    break;
                case 'k':
                    MetaReply.key(out, f.key, f.binaryKey);
                    break;
                case 'c':
                    out.ascii(" c").unsigned(o.result() == Result.STORED ? o.cas() : 0);
                    break;
                default:
                    break;
            }
        }
        out.crlf();
        return Step.DONE;
    }

    private Outcome store(MetaFlags f, Mode mode, byte[] value) {
        int flags = (int) f.clientFlags;
        boolean compare = f.hasCas && (mode == Mode.SET || mode == Mode.REPLACE);
        if (compare && f.setStale && f.cas != 0) {
            Outcome stale = storeStale(f, value, flags);
            if (stale != null) {
                return stale;
            }
        }
        Mode how = compare ? Mode.CAS : mode;
        long cas = compare || mode == Mode.APPEND || mode == Mode.PREPEND ? f.cas : 0; // add ignores C, as memcached
        Outcome o = ops.metaStore(how, f.key, value, flags, f.ttl, cas);
        if (o.result() == Result.STORED) {
            boolean binary = f.binaryKey && mode != Mode.APPEND && mode != Mode.PREPEND;
            if (binary || marks.raw(f.key) != null) {
                marks.put(f.key, new Mark(o.cas(), false, false, false, binary));
            }
        }
        return o;
    }

    /**
     * C with I and a CAS older than the item's: the value is stored, marked stale, keeping the
     * item's TTL and win token. Null if that case does not apply.
     */
    private Outcome storeStale(MetaFlags f, byte[] value, int flags) {
        StoreEntry cur = store.get(f.key);
        if (cur == null || Long.compareUnsigned(f.cas, cur.cas()) >= 0) {
            return null;
        }
        Mark old = marks.of(f.key, cur.cas());
        CasResult r = store.compareAndSet(f.key, value, flags, cur.expiresAt(), cur.cas());
        if (r.status() != CasResult.Status.STORED) {
            return new Outcome(r.status() == CasResult.Status.EXISTS ? Result.EXISTS : Result.NOT_FOUND, 0);
        }
        marks.put(f.key, new Mark(r.cas(), true, old != null && old.tokenSent(), false, f.binaryKey));
        return new Outcome(Result.STORED, r.cas());
    }

    private static String code(Result r) {
        switch (r) {
            case STORED:
                return "HD";
            case NOT_STORED:
                return "NS";
            case EXISTS:
                return "EX";
            default:
                return "NF";
        }
    }
}
