package org.mlos.net.memcached.binary;

import java.util.List;
import java.util.Set;

import org.mlos.core.api.NoImplementationException;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.net.memcached.Commands.Step;
import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.ErrorText;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations.Mode;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * memcached's binary protocol: 24-byte headers, every opcode memcached 1.6 serves except SASL,
 * quiet variants included (they answer only errors, and a quiet get not even a miss).
 */
public final class BinaryCommands implements Commands {

    static final int HEADER = 24;
    static final int REQUEST = 0x80;
    static final int RESPONSE = 0x81;

    // Status codes.
    static final int OK = 0x00;
    static final int KEY_ENOENT = 0x01;
    static final int KEY_EEXISTS = 0x02;
    static final int E2BIG = 0x03;
    static final int EINVAL = 0x04;
    static final int NOT_STORED = 0x05;
    static final int DELTA_BADVAL = 0x06;
    static final int UNKNOWN_COMMAND = 0x81;
    static final int ENOMEM = 0x82;
    /** memcached's PROTOCOL_BINARY_RESPONSE_EINTERNAL: the server failed, not the request. */
    static final int EINTERNAL = 0x84;
    /** memcached's PROTOCOL_BINARY_RESPONSE_ETMPFAIL: try again later (no store serves now). */
    static final int ETMPFAIL = 0x86;

    // Opcodes.
    static final int GET = 0x00, SET = 0x01, ADD = 0x02, REPLACE = 0x03, DELETE = 0x04, INCREMENT = 0x05,
            DECREMENT = 0x06, QUIT = 0x07, FLUSH = 0x08, GETQ = 0x09, NOOP = 0x0a, VERSION = 0x0b, GETK = 0x0c,
            GETKQ = 0x0d, APPEND = 0x0e, PREPEND = 0x0f, STAT = 0x10, SETQ = 0x11, ADDQ = 0x12, REPLACEQ = 0x13,
            DELETEQ = 0x14, INCREMENTQ = 0x15, DECREMENTQ = 0x16, QUITQ = 0x17, FLUSHQ = 0x18, APPENDQ = 0x19,
            PREPENDQ = 0x1a, VERBOSITY = 0x1b, TOUCH = 0x1c, GAT = 0x1d, GATQ = 0x1e, GATK = 0x23, GATKQ = 0x24;

    private final SessionControl session;
    private final Operations ops;

    public BinaryCommands(SessionControl session, Operations ops) {
        this.session = session;
        this.ops = ops;
        this.values = new BinaryValues(ops);
    }

    private final BinaryRequest request = new BinaryRequest();
    private final BinaryValues values;

    @Override
    public Step next(InputBuffer in, Output out) {
        if (in.available() < HEADER) {
            return Step.MORE;
        }
        if ((in.at(0) & 0xff) != REQUEST) {
            session.protocolError();
            return Step.CLOSE; // not a binary request: the stream cannot be resynchronised
        }
        BinaryRequest r = request.read(in);
        // The datatype byte is ignored, as memcached ignores it: raw bytes are all it serves.
        if (r.bodyLength() < (long) r.keyLength() + r.extrasLength() || r.keyLength() > Limits.KEY_MAX) {
            if (r.bodyLength() > Limits.KEY_MAX + 64 + ops.limits().itemMax()) {
                session.protocolError();
                return Step.CLOSE;
            }
            in.consume(HEADER);
            session.swallow(r.bodyLength());
            return error(out, r, EINVAL, "Invalid arguments");
        }
        if (r.valueLength() > ops.limits().itemMax()) {
            if (!known(r.opcode())) {
                in.consume(HEADER); // memcached skips an unknown command's body, whatever its length
                session.swallow(r.bodyLength());
                return error(out, r, UNKNOWN_COMMAND, "Unknown command");
            }
            if (!storage(r.opcode())) {
                // no value to skip, only a body no request has (a GET of 2 GB): memcached says so and closes
                error(out, r, EINVAL, "Invalid arguments");
                return Step.CLOSE;
            }
            return tooLarge(in, out, r);
        }
        if (in.available() < HEADER + r.bodyLength()) {
            return Step.MORE;
        }
        try {
            return execute(in, out, r);
        } finally {
            in.consume(HEADER + (int) r.bodyLength());
        }
    }

    /** A value over the limit is skipped as it arrives; a set also drops the key's old item, as in memcached. */
    private Step tooLarge(InputBuffer in, Output out, BinaryRequest r) {
        int head = HEADER + r.extrasLength() + r.keyLength();
        if (in.available() < head) {
            return Step.MORE;
        }
        String key = key(in, r);
        in.consume(head);
        session.swallow(r.valueLength());
        int op = r.opcode();
        if (storage(op)) {
            try {
                // only a set drops the old item; unlike text and meta, memcached's binary path
                // leaves store_too_large as it was (an exporter's series would differ)
                ops.droppedAsTooLarge(op == SET || op == SETQ ? Mode.SET : Mode.ADD, key);
            } catch (RuntimeException e) {
                return error(out, r, ENOMEM, "Out of memory");
            }
        }
        return error(out, r, E2BIG, "Too large.");
    }

    /** The opcodes served here: 0x00 to GATQ without a gap, then GATK and GATKQ (the SASL ones between are the auth layer's). */
    private static boolean known(int op) {
        return op <= GATQ || op == GATK || op == GATKQ;
    }

    /** The opcodes whose body carries a value. */
    private static boolean storage(int op) {
        return op == SET || op == SETQ || op == ADD || op == ADDQ || op == REPLACE || op == REPLACEQ
                || op == APPEND || op == APPENDQ || op == PREPEND || op == PREPENDQ;
    }

    private Step execute(InputBuffer in, Output out, BinaryRequest r) {
        try {
            switch (r.opcode()) {
                case GET:
                case GETQ:
                case GETK:
                case GETKQ:
                    return get(in, out, r, false);
                case GAT:
                case GATQ:
                case GATK:
                case GATKQ:
                    return get(in, out, r, true);
                case SET:
                case SETQ:
                case ADD:
                case ADDQ:
                case REPLACE:
                case REPLACEQ:
                    return store(in, out, r);
                case APPEND:
                case APPENDQ:
                case PREPEND:
                case PREPENDQ:
                    return concat(in, out, r);
                case DELETE:
                case DELETEQ:
                    return delete(in, out, r);
                case INCREMENT:
                case INCREMENTQ:
                case DECREMENT:
                case DECREMENTQ:
                    return arithmetic(in, out, r);
                case TOUCH:
                    return touch(in, out, r);
                case QUIT:
                case QUITQ:
                case NOOP:
                case VERSION:
                    return bare(out, r);
                case FLUSH:
                case FLUSHQ:
                    return flush(in, out, r);
                case STAT:
                    if (r.extrasLength() != 0) {
                        return error(out, r, EINVAL, "Invalid arguments");
                    }
                    return stat(in, out, r);
                case VERBOSITY:
                    if (r.extrasLength() != 4 || r.keyLength() != 0) {
                        return error(out, r, EINVAL, "Invalid arguments");
                    }
                    ops.tunables().verbosity(in.int32(HEADER) & 0xffffffffL);
                    header(out, r, OK, 0, 0, 0, 0);
                    return Step.DONE;
                default:
                    return error(out, r, UNKNOWN_COMMAND, "Unknown command");
            }
        } catch (StoreFullException e) {
            ops.refusedForMemory();
            return error(out, r, ENOMEM, "Out of memory");
        } catch (NoImplementationException e) {
            // its store went away (a front node's store node died): a client read it as out of memory
            return error(out, r, ETMPFAIL, "Temporary failure: " + ErrorText.of(e));
        } catch (RuntimeException e) {
            return error(out, r, EINTERNAL, "Internal error: " + ErrorText.of(e));
        }
    }

    private static boolean quiet(int opcode) {
        switch (opcode) {
            case GETQ: case GETKQ: case GATQ: case GATKQ: case SETQ: case ADDQ: case REPLACEQ: case DELETEQ:
            case INCREMENTQ: case DECREMENTQ: case QUITQ: case FLUSHQ: case APPENDQ: case PREPENDQ:
                return true;
            default:
                return false;
        }
    }

    private static String key(InputBuffer in, BinaryRequest r) {
        return in.text(HEADER + r.extrasLength(), r.keyLength());
    }

    private static byte[] value(InputBuffer in, BinaryRequest r) {
        return in.copy(HEADER + r.extrasLength() + r.keyLength(), (int) r.valueLength());
    }

    private Step get(InputBuffer in, Output out, BinaryRequest r, boolean touch) {
        if (r.extrasLength() != (touch ? 4 : 0) || r.keyLength() == 0 || r.valueLength() != 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        String key = key(in, r);
        boolean withKey = r.opcode() == GETK || r.opcode() == GETKQ || r.opcode() == GATK || r.opcode() == GATKQ;
        StoreEntry e = null;
        if (touch) {
            e = ops.getAndTouch(key, in.int32(HEADER) & 0xffffffffL);
        } else if (values.get(key, r, withKey, out)) {
            return Step.DONE;
        }
        if (e == null) {
            if (quiet(r.opcode())) {
                return Step.DONE;
            }
            if (withKey) {
                header(out, r, KEY_ENOENT, r.keyLength(), 0, r.keyLength(), 0);
                out.text(key);
                return Step.DONE;
            }
            return error(out, r, KEY_ENOENT, "Not found");
        }
        int keyLength = withKey ? r.keyLength() : 0;
        header(out, r, OK, keyLength, 4, 4 + keyLength + e.value().length, e.cas());
        out.int32(e.flags());
        if (withKey) {
            out.text(key);
        }
        out.bytes(e.value());
        return Step.DONE;
    }

    private Step store(InputBuffer in, Output out, BinaryRequest r) {
        if (r.extrasLength() != 8 || r.keyLength() == 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        int op = r.opcode();
        Mode mode = op == SET || op == SETQ ? Mode.SET : op == ADD || op == ADDQ ? Mode.ADD : Mode.REPLACE;
        int flags = in.int32(HEADER);
        long exptime = in.int32(HEADER + 4) & 0xffffffffL;
        Operations.Outcome o = ops.store(mode, key(in, r), value(in, r), flags, exptime, r.cas());
        return stored(out, r, o);
    }

    private Step concat(InputBuffer in, Output out, BinaryRequest r) {
        if (r.extrasLength() != 0 || r.keyLength() == 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        Mode mode = r.opcode() == APPEND || r.opcode() == APPENDQ ? Mode.APPEND : Mode.PREPEND;
        return stored(out, r, ops.store(mode, key(in, r), value(in, r), 0, 0, r.cas()));
    }

    private Step stored(Output out, BinaryRequest r, Operations.Outcome o) {
        switch (o.result()) {
            case STORED:
                if (!quiet(r.opcode())) {
                    header(out, r, OK, 0, 0, 0, o.cas());
                }
                return Step.DONE;
            case EXISTS:
                return error(out, r, KEY_EEXISTS, "Data exists for key.");
            case NOT_FOUND:
                return error(out, r, KEY_ENOENT, "Not found");
            default:
                boolean add = r.opcode() == ADD || r.opcode() == ADDQ;
                boolean concat = r.opcode() == APPEND || r.opcode() == APPENDQ || r.opcode() == PREPEND
                        || r.opcode() == PREPENDQ;
                if (add) {
                    return error(out, r, KEY_EEXISTS, "Data exists for key.");
                }
                return concat ? error(out, r, NOT_STORED, "Not stored.") : error(out, r, KEY_ENOENT, "Not found");
        }
    }

    private Step delete(InputBuffer in, Output out, BinaryRequest r) {
        if (r.extrasLength() != 0 || r.keyLength() == 0 || r.valueLength() != 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        Operations.Result result = ops.delete(key(in, r), r.cas());
        if (result == Operations.Result.STORED) {
            if (!quiet(r.opcode())) {
                header(out, r, OK, 0, 0, 0, 0);
            }
            return Step.DONE;
        }
        return result == Operations.Result.EXISTS ? error(out, r, KEY_EEXISTS, "Data exists for key.")
                : error(out, r, KEY_ENOENT, "Not found");
    }

    private Step arithmetic(InputBuffer in, Output out, BinaryRequest r) {
        if (r.extrasLength() != 20 || r.keyLength() == 0 || r.valueLength() != 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        boolean increment = r.opcode() == INCREMENT || r.opcode() == INCREMENTQ;
        String key = key(in, r);
        long delta = in.int64(HEADER);
        long initial = in.int64(HEADER + 8);
        long exptime = in.int32(HEADER + 16) & 0xffffffffL;
        boolean vivify = exptime != 0xffffffffL; // all ones: no initial value, a miss is NOT_FOUND
        Counter c;
        try {
            if (r.cas() != 0) {
                Operations.Delta d = ops.arithmetic(key, delta, increment, r.cas(), vivify);
                if (d.result() == Operations.Result.EXISTS) {
                    return error(out, r, KEY_EEXISTS, "Data exists for key.");
                }
                c = d.counter();
            } else {
                c = ops.arithmetic(key, delta, increment, vivify);
            }
            if (c == null && vivify) {
                c = ops.create(key, initial, exptime);
                if (c == null) {
                    // created by another client meanwhile: memcached's add of the initial value fails the same way
                    return error(out, r, NOT_STORED, "Not stored.");
                }
            }
        } catch (IllegalArgumentException nonNumeric) {
            return error(out, r, DELTA_BADVAL, "Non-numeric server-side value for incr or decr");
        }
        if (c == null) {
            return error(out, r, KEY_ENOENT, "Not found");
        }
        if (!quiet(r.opcode())) {
            header(out, r, OK, 0, 0, 8, c.cas());
            out.int64(c.value());
        }
        return Step.DONE;
    }

    private Step touch(InputBuffer in, Output out, BinaryRequest r) {
        if (r.extrasLength() != 4 || r.keyLength() == 0 || r.valueLength() != 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        StoreEntry e = ops.touchEntry(key(in, r), in.int32(HEADER) & 0xffffffffL);
        if (e == null) {
            return error(out, r, KEY_ENOENT, "Not found");
        }
        header(out, r, OK, 0, 4, 4, e.cas());
        out.int32(e.flags());
        return Step.DONE;
    }

    /** QUIT, NOOP, VERSION: a request of a header alone; with a body, memcached's "Invalid arguments". */
    private Step bare(Output out, BinaryRequest r) {
        if (r.bodyLength() != 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        switch (r.opcode()) {
            case QUIT:
                header(out, r, OK, 0, 0, 0, 0);
                return Step.CLOSE;
            case QUITQ:
                return Step.CLOSE;
            case NOOP:
                header(out, r, OK, 0, 0, 0, 0);
                return Step.DONE;
            default:
                byte[] v = ops.version().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                header(out, r, OK, 0, 0, v.length, 0);
                out.bytes(v);
                return Step.DONE;
        }
    }

    private Step flush(InputBuffer in, Output out, BinaryRequest r) {
        if ((r.extrasLength() != 0 && r.extrasLength() != 4) || r.keyLength() != 0 || r.valueLength() != 0) {
            return error(out, r, EINVAL, "Invalid arguments");
        }
        ops.flushAll(r.extrasLength() == 4 ? in.int32(HEADER) & 0xffffffffL : 0);
        if (!quiet(r.opcode())) {
            header(out, r, OK, 0, 0, 0, 0);
        }
        return Step.DONE;
    }

    private Step stat(InputBuffer in, Output out, BinaryRequest r) {
        String group = r.keyLength() == 0 ? null : key(in, r);
        // memcached's process_bin_stat reads reset, settings and detail by their start, the others whole
        if (group != null && group.startsWith("reset")) {
            session.resetStats();
            header(out, r, OK, 0, 0, 0, 0);
            return Step.DONE;
        }
        List<String[]> figures = group == null ? session.stats(null)
                : group.startsWith("settings") ? session.stats("settings")
                : group.startsWith("detail") ? detail(group)
                : TEXT_ONLY_STATS.contains(group) ? null : session.stats(group);
        if (figures == null) {
            return error(out, r, KEY_ENOENT, "Not found");
        }
        for (String[] f : figures) {
            header(out, r, OK, f[0].length(), 0, f[0].length() + f[1].length(), 0);
            out.text(f[0]).text(f[1]);
        }
        if (!UNTERMINATED_STATS.contains(String.valueOf(group))) {
            header(out, r, OK, 0, 0, 0, 0);
        }
        return Step.DONE;
    }

    /**
     * The groups memcached 1.6.18 answers with their one stat packet and no terminating packet, in the
     * binary protocol as in the text one (where they have no END).
     */
    private static final Set<String> UNTERMINATED_STATS = Set.of("sizes_enable", "sizes_disable");

    /** Groups memcached 1.6.18 answers in its text protocol only: binary gets "Not found". */
    private static final Set<String> TEXT_ONLY_STATS = Set.of("conns", "extstore");

    /**
     * {@code detail on|off|dump}, as memcached's binary stat answers it: on and off with the terminating
     * packet alone, dump with one stat {@code detailed} whose value is the text dump, END included. Like
     * memcached, it reads the words by their start ({@code detail on extra} is {@code detail on}).
     */
    private List<String[]> detail(String group) {
        String how = group.substring("detail".length());
        if (how.startsWith(" dump")) {
            return List.<String[]>of(new String[] { "detailed", ops.prefixes().dumpText() });
        }
        if (how.startsWith(" on") || how.startsWith(" off")) {
            ops.prefixes().enable(how.startsWith(" on"));
            return List.of();
        }
        return null;
    }

    private Step error(Output out, BinaryRequest r, int status, String message) {
        if (status == EINVAL || status == E2BIG || status == UNKNOWN_COMMAND) {
            session.protocolError();
        }
        header(out, r, status, 0, 0, message.length(), 0);
        out.text(message);
        return Step.DONE;
    }

    static void header(Output out, BinaryRequest r, int status, int keyLength, int extrasLength, int bodyLength,
            long cas) {
        out.byte1(RESPONSE).byte1(r.opcode()).int16(keyLength).byte1(extrasLength).byte1(0).int16(status)
                .int32(bodyLength).int32(r.opaque()).int64(cas);
    }
}
