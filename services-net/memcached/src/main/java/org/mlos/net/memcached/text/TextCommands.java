package org.mlos.net.memcached.text;

import java.util.ArrayList;
import java.util.List;

import org.mlos.mem.api.Counter;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.MemcachedSession;
import org.mlos.net.memcached.MemcachedSession.Step;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Operations.Mode;
import org.mlos.net.memcached.Output;

/**
 * memcached's text protocol (protocol.txt): one command line, and for storage commands a data
 * block. Malformed, oversized and unknown commands get memcached's replies ({@code ERROR},
 * {@code CLIENT_ERROR …}, {@code SERVER_ERROR …}) and the connection goes on.
 */
public final class TextCommands implements MemcachedSession.Commands {

    static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";

    private final MemcachedSession session;
    private final Operations ops;

    /** A storage command whose data block has not fully arrived: parsed once, not again per read. */
    private Storage pending;

    private record Storage(Mode mode, String key, int flags, long exptime, int bytes, long cas, boolean noreply) {
    }

    /** A multi-key get whose replies did not fit in one output batch: the keys still to answer. */
    private Retrieval retrieving;

    private static final class Retrieval {
        final List<String> keys;
        final boolean withCas;
        final Long touchExptime;
        int next;

        Retrieval(List<String> keys, int first, boolean withCas, Long touchExptime) {
            this.keys = keys;
            this.next = first;
            this.withCas = withCas;
            this.touchExptime = touchExptime;
        }
    }

    public TextCommands(MemcachedSession session, Operations ops) {
        this.session = session;
        this.ops = ops;
    }

    @Override
    public boolean busy() {
        return retrieving != null;
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (retrieving != null) {
            return answer(retrieving, out);
        }
        if (pending != null) {
            return data(in, out, pending);
        }
        int nl = in.indexOf((byte) '\n', Limits.LINE_MAX + 1);
        if (nl < 0) {
            if (in.available() > Limits.LINE_MAX) {
                out.line("CLIENT_ERROR line is too long");
                session.skipLine();
                in.skip(in.available());
                return Step.DONE;
            }
            return Step.MORE;
        }
        int length = nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        int lineLength = nl + 1;
        String single = singleKeyGet(in, length);
        if (single != null) {
            // The most common request of all, "get <key>", without splitting the line into words.
            in.consume(lineLength);
            return getOne(single, out);
        }
        List<String> tokens = tokens(in.text(0, length));
        if (tokens.isEmpty()) {
            in.consume(lineLength);
            return error(out);
        }
        String cmd = tokens.get(0);
        switch (cmd) {
            case "get":
            case "gets":
                in.consume(lineLength);
                return retrieve(tokens, 1, cmd.equals("gets"), null, out);
            case "gat":
            case "gats":
                in.consume(lineLength);
                return gat(tokens, cmd.equals("gats"), out);
            case "set":
            case "add":
            case "replace":
            case "append":
            case "prepend":
            case "cas":
                return storage(in, out, tokens, lineLength);
            default:
                in.consume(lineLength);
                return simple(cmd, tokens, out);
        }
    }

    /** The key of a line that is exactly {@code get <key>} (one space, one valid key), else null. */
    private static String singleKeyGet(InputBuffer in, int length) {
        if (length < 5 || length > 4 + Limits.KEY_MAX || in.at(0) != 'g' || in.at(1) != 'e' || in.at(2) != 't'
                || in.at(3) != ' ') {
            return null;
        }
        for (int i = 4; i < length; i++) {
            byte b = in.at(i);
            if (b == ' ') {
                return null;
            }
        }
        return in.text(4, length - 4);
    }

    private Step getOne(String key, Output out) {
        StoreEntry e;
        try {
            e = ops.get(key);
        } catch (RuntimeException ex) {
            return serverError(out, ex);
        }
        if (e != null) {
            value(out, key, e, false);
        }
        out.line("END");
        return Step.DONE;
    }

    private static void value(Output out, String key, StoreEntry e, boolean withCas) {
        out.ascii("VALUE ").ascii(key).byte1(' ').unsigned(e.flags() & 0xffffffffL).byte1(' ').number(e.value().length);
        if (withCas) {
            out.byte1(' ').number(e.cas());
        }
        out.crlf().bytes(e.value()).crlf();
    }

    /** Splits on spaces, skipping empty tokens, as memcached does. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>(8);
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || line.charAt(i) == ' ';
            if (space) {
                if (start >= 0) {
                    out.add(line.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return out;
    }

    private Step error(Output out) {
        session.protocolError();
        out.line("ERROR");
        return Step.DONE;
    }

    private Step clientError(Output out, String message) {
        session.protocolError();
        out.line(message);
        return Step.DONE;
    }

    private static boolean noreply(List<String> tokens) {
        return tokens.get(tokens.size() - 1).equals("noreply");
    }

    // ---- retrieval --------------------------------------------------------------------------

    /** get, gets, gat, gats: {@code touchExptime} is null for a plain get. */
    private Step retrieve(List<String> tokens, int firstKey, boolean withCas, Long touchExptime, Output out) {
        if (tokens.size() <= firstKey) {
            return error(out);
        }
        for (int i = firstKey; i < tokens.size(); i++) {
            if (tokens.get(i).length() > Limits.KEY_MAX) {
                return clientError(out, BAD_FORMAT);
            }
        }
        retrieving = new Retrieval(tokens, firstKey, withCas, touchExptime);
        return answer(retrieving, out);
    }

    /**
     * Answers a get's keys until the output holds a batch; the session sends it and, once the
     * client has read it, calls again for the rest.
     */
    private Step answer(Retrieval r, Output out) {
        while (r.next < r.keys.size()) {
            String key = r.keys.get(r.next++);
            StoreEntry e;
            try {
                e = r.touchExptime == null ? ops.get(key) : ops.getAndTouch(key, r.touchExptime);
            } catch (RuntimeException ex) {
                retrieving = null;
                return serverError(out, ex);
            }
            if (e != null) {
                value(out, key, e, r.withCas);
            }
            if (out.size() >= Limits.OUTPUT_BATCH && r.next < r.keys.size()) {
                return Step.DONE;
            }
        }
        retrieving = null;
        out.line("END");
        return Step.DONE;
    }

    private Step gat(List<String> tokens, boolean withCas, Output out) {
        if (tokens.size() < 3) {
            return error(out);
        }
        Long exptime = parseLong(tokens.get(1));
        if (exptime == null) {
            return clientError(out, "CLIENT_ERROR invalid exptime argument");
        }
        return retrieve(tokens, 2, withCas, exptime, out);
    }

    // ---- storage ----------------------------------------------------------------------------

    private Step storage(InputBuffer in, Output out, List<String> tokens, int lineLength) {
        boolean cas = tokens.get(0).equals("cas");
        int required = cas ? 6 : 5;
        boolean noreply = tokens.size() == required + 1 && noreply(tokens);
        if (tokens.size() != required && !noreply) {
            in.consume(lineLength);
            return error(out);
        }
        String key = tokens.get(1);
        Long flags = parseUnsigned(tokens.get(2), 0xffffffffL);
        Long exptime = parseLong(tokens.get(3));
        Long bytes = parseUnsigned(tokens.get(4), Integer.MAX_VALUE);
        Long casUnique = cas ? parseUnsigned(tokens.get(5), Long.MAX_VALUE) : Long.valueOf(0);
        in.consume(lineLength);
        if (key.length() > Limits.KEY_MAX || flags == null || exptime == null || bytes == null || casUnique == null) {
            return clientError(out, BAD_FORMAT);
        }
        if (bytes > ops.limits().itemMax()) {
            session.swallow(bytes + 2);
            out.line("SERVER_ERROR object too large for cache");
            return Step.DONE;
        }
        Mode mode = Mode.valueOf(tokens.get(0).toUpperCase(java.util.Locale.ROOT));
        pending = new Storage(mode, key, (int) (long) flags, exptime, (int) (long) bytes, casUnique, noreply);
        return data(in, out, pending);
    }

    private Step data(InputBuffer in, Output out, Storage s) {
        if (in.available() < s.bytes() + 2) {
            return Step.MORE;
        }
        pending = null;
        boolean terminated = in.at(s.bytes()) == '\r' && in.at(s.bytes() + 1) == '\n';
        byte[] value = terminated ? in.copy(0, s.bytes()) : null;
        in.consume(s.bytes() + 2);
        if (!terminated) {
            return clientError(out, "CLIENT_ERROR bad data chunk");
        }
        Operations.Outcome outcome;
        try {
            outcome = ops.store(s.mode(), s.key(), value, s.flags(), s.exptime(), s.cas());
        } catch (RuntimeException e) {
            return serverError(out, e);
        }
        if (!s.noreply()) {
            out.line(outcome.result().name());
        }
        return Step.DONE;
    }

    // ---- everything else --------------------------------------------------------------------

    private Step simple(String cmd, List<String> tokens, Output out) {
        try {
            switch (cmd) {
                case "delete":
                    return delete(tokens, out);
                case "incr":
                case "decr":
                    return arithmetic(tokens, cmd.equals("incr"), out);
                case "touch":
                    return touch(tokens, out);
                case "flush_all":
                    return flushAll(tokens, out);
                case "version":
                    // memcached 1.6 ignores anything after "version" and "quit"; clients rely on it
                    out.line("VERSION " + ops.version());
                    return Step.DONE;
                case "verbosity":
                    return verbosity(tokens, out);
                case "stats":
                    return stats(tokens, out);
                case "quit":
                    return Step.CLOSE;
                default:
                    return error(out);
            }
        } catch (RuntimeException e) {
            return serverError(out, e);
        }
    }

    private Step delete(List<String> tokens, Output out) {
        int n = tokens.size();
        boolean noreply = n > 2 && noreply(tokens);
        boolean holdIsZero = n > 2 && tokens.get(2).equals("0");
        boolean valid = n == 2 || (n == 3 && (holdIsZero || noreply)) || (n == 4 && holdIsZero && noreply);
        if (!valid) {
            return clientError(out, "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
        }
        String key = tokens.get(1);
        if (key.length() > Limits.KEY_MAX) {
            return clientError(out, BAD_FORMAT);
        }
        Operations.Result r = ops.delete(key, 0);
        if (!noreply) {
            out.line(r == Operations.Result.STORED ? "DELETED" : "NOT_FOUND");
        }
        return Step.DONE;
    }

    private Step arithmetic(List<String> tokens, boolean increment, Output out) {
        boolean noreply = tokens.size() == 4 && noreply(tokens);
        if (tokens.size() != 3 && !noreply) {
            return error(out);
        }
        String key = tokens.get(1);
        if (key.length() > Limits.KEY_MAX) {
            return clientError(out, BAD_FORMAT);
        }
        Long delta = parseUnsignedLong(tokens.get(2));
        if (delta == null) {
            return clientError(out, "CLIENT_ERROR invalid numeric delta argument");
        }
        Counter c;
        try {
            c = ops.arithmetic(key, delta, increment);
        } catch (IllegalArgumentException nonNumeric) {
            return clientError(out, "CLIENT_ERROR cannot increment or decrement non-numeric value");
        }
        if (!noreply) {
            if (c == null) {
                out.line("NOT_FOUND");
            } else {
                out.line(c.text());
            }
        }
        return Step.DONE;
    }

    private Step touch(List<String> tokens, Output out) {
        boolean noreply = tokens.size() == 4 && noreply(tokens);
        if (tokens.size() != 3 && !noreply) {
            return error(out);
        }
        Long exptime = parseLong(tokens.get(2));
        if (tokens.get(1).length() > Limits.KEY_MAX || exptime == null) {
            return clientError(out, "CLIENT_ERROR invalid exptime argument");
        }
        boolean hit = ops.touch(tokens.get(1), exptime);
        if (!noreply) {
            out.line(hit ? "TOUCHED" : "NOT_FOUND");
        }
        return Step.DONE;
    }

    private Step flushAll(List<String> tokens, Output out) {
        boolean noreply = tokens.size() > 1 && noreply(tokens);
        int args = tokens.size() - 1 - (noreply ? 1 : 0);
        if (args > 1) {
            return error(out);
        }
        long delay = 0;
        if (args == 1) {
            Long d = parseLong(tokens.get(1));
            if (d == null) {
                return clientError(out, BAD_FORMAT);
            }
            delay = d;
        }
        ops.flushAll(delay);
        if (!noreply) {
            out.line("OK");
        }
        return Step.DONE;
    }

    /** verbosity <level> [noreply]; with noreply even a bad level gets no reply, as in memcached. */
    private Step verbosity(List<String> tokens, Output out) {
        if (tokens.size() != 2 && tokens.size() != 3) {
            return error(out);
        }
        boolean noreply = noreply(tokens);
        boolean valid = parseUnsigned(tokens.get(1), Integer.MAX_VALUE) != null;
        if (noreply) {
            if (!valid) {
                session.protocolError();
            }
            return Step.DONE;
        }
        if (!valid || tokens.size() == 3) {
            return clientError(out, BAD_FORMAT);
        }
        out.line("OK");
        return Step.DONE;
    }

    private Step stats(List<String> tokens, Output out) {
        if (tokens.size() > 2) {
            return error(out);
        }
        String group = tokens.size() == 2 ? tokens.get(1) : null;
        if ("reset".equals(group)) {
            session.resetStats();
            out.line("RESET");
            return Step.DONE;
        }
        List<String[]> figures = session.stats(group);
        if (figures == null) {
            return error(out); // includes "stats noreply": stats does not take noreply
        }
        for (String[] f : figures) {
            out.ascii("STAT ").ascii(f[0]).ascii(" ").ascii(f[1]).crlf();
        }
        out.line("END");
        return Step.DONE;
    }

    private Step serverError(Output out, RuntimeException e) {
        session.protocolError();
        if (e instanceof StoreFullException) {
            out.line("SERVER_ERROR out of memory storing object");
        } else {
            String m = String.valueOf(e.getMessage()).replace('\r', ' ').replace('\n', ' ');
            out.line("SERVER_ERROR " + (m.length() > 200 ? m.substring(0, 200) : m));
        }
        return Step.DONE;
    }

    // ---- numbers ----------------------------------------------------------------------------

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long parseUnsigned(String s, long max) {
        Long v = parseLong(s);
        return v == null || v < 0 || v > max ? null : v;
    }

    static Long parseUnsignedLong(String s) {
        if (s.isEmpty() || s.length() > 20 || s.charAt(0) == '-' || s.charAt(0) == '+') {
            return null;
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
