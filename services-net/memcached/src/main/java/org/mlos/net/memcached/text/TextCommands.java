package org.mlos.net.memcached.text;

import java.util.List;

import org.mlos.mem.api.Counter;
import org.mlos.mem.api.StoreFullException;
import org.mlos.net.memcached.CNumbers;
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
 * memcached's text protocol (protocol.txt): one command line, and for storage commands a data
 * block. Malformed, oversized and unknown commands get memcached's replies ({@code ERROR},
 * {@code CLIENT_ERROR …}, {@code SERVER_ERROR …}) and the connection goes on.
 */
public final class TextCommands implements Commands {

    static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
    private static final byte[] END = { 'E', 'N', 'D' };

    private final SessionControl session;
    private final Operations ops;
    private final ValueLines values;

    /** A storage command whose data block has not fully arrived: parsed once, not again per read. */
    private Storage pending;

    private record Storage(Mode mode, String key, int flags, long exptime, int bytes, long cas, boolean noreply) {
    }

    /** A retrieval line still being answered. */
    private RetrievalLine retrieving;

    /** The current command asked for no reply: memcached then sends none, errors included. */
    private boolean noreply;

    public TextCommands(SessionControl session, Operations ops) {
        this.session = session;
        this.ops = ops;
        this.values = new ValueLines(ops);
    }

    @Override
    public boolean busy() {
        return retrieving != null;
    }

    @Override
    public boolean readingValue() {
        return pending != null;
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (retrieving != null) {
            Step step = retrieving.next(in, out);
            if (retrieving.finished()) {
                retrieving = null;
            }
            return step;
        }
        if (pending != null) {
            return data(in, out, pending);
        }
        noreply = false;
        int nl = in.indexOf((byte) '\n', Limits.LINE_MAX + 1);
        int length = nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        if (nl >= 0) {
            String single = singleKeyGet(in, length);
            if (single != null) {
                // The most common request of all, "get <key>", without splitting the line into words.
                in.consume(nl + 1);
                return getOne(single, out);
            }
        }
        if (nl < 0 && in.available() <= Limits.LINE_MAX) {
            return Step.MORE; // like memcached, answer nothing of a line before it ends, unless it is long
        }
        String retrieval = retrievalCommand(in);
        if (retrieval != null) {
            retrieving = new RetrievalLine(ops, values, session, retrieval, out);
            return next(in, out);
        }
        if (nl < 0) {
            session.protocolError();
            out.line("CLIENT_ERROR line is too long");
            dropLine(in, session);
            return Step.DONE;
        }
        List<String> tokens = in.words(length);
        in.consume(nl + 1);
        if (tokens.isEmpty()) {
            return error(out);
        }
        String cmd = tokens.get(0);
        switch (cmd) {
            case "set":
            case "add":
            case "replace":
            case "append":
            case "prepend":
            case "cas":
                return storage(in, out, tokens);
            default:
                return simple(cmd, tokens, out);
        }
    }

    /**
     * The command word of a retrieval line, consumed, or null (nothing consumed) if the buffered
     * line is something else or its first word has not fully arrived.
     */
    private static String retrievalCommand(InputBuffer in) {
        int available = in.available();
        int start = 0;
        while (start < available && in.at(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < available && end - start < 6 && in.at(end) != ' ' && in.at(end) != '\n') {
            end++;
        }
        if (end == available || end - start >= 6) {
            return null;
        }
        int wordEnd = in.at(end) == '\n' && end > start && in.at(end - 1) == '\r' ? end - 1 : end;
        String word = in.text(start, wordEnd - start);
        if (!RetrievalLine.isRetrieval(word)) {
            return null;
        }
        in.consume(wordEnd);
        return word;
    }

    /** Drops the rest of the current line: what is buffered now, the remainder as it arrives. */
    static void dropLine(InputBuffer in, SessionControl session) {
        int nl = in.indexOf((byte) '\n', in.available());
        if (nl >= 0) {
            in.consume(nl + 1);
        } else {
            in.skip(in.available());
            session.skipLine();
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
        try {
            values.get(key, false, out);
        } catch (RuntimeException ex) {
            return serverError(out, ex);
        }
        out.line(END);
        return Step.DONE;
    }

    /** A reply line, unless the command asked for none. */
    private Step reply(Output out, String line) {
        if (!noreply) {
            out.line(line);
        }
        return Step.DONE;
    }

    /** A wrong number of words: memcached answers before it looks for noreply. */
    private Step error(Output out) {
        session.protocolError();
        out.line("ERROR");
        return Step.DONE;
    }

    private Step clientError(Output out, String message) {
        session.protocolError();
        return reply(out, message);
    }

    /** memcached's rule: the last word of the line, whatever its position, asks for no reply. */
    private static boolean lastIsNoreply(List<String> tokens) {
        return tokens.get(tokens.size() - 1).equals("noreply");
    }

    // ---- storage ----------------------------------------------------------------------------

    private Step storage(InputBuffer in, Output out, List<String> tokens) {
        boolean cas = tokens.get(0).equals("cas");
        int required = cas ? 6 : 5;
        if (tokens.size() != required && tokens.size() != required + 1) {
            return error(out);
        }
        noreply = lastIsNoreply(tokens);
        String key = tokens.get(1);
        if (key.length() > Limits.KEY_MAX) {
            return clientError(out, BAD_FORMAT);
        }
        Long flags = CNumbers.uint32(tokens.get(2));
        Long exptime = CNumbers.int32(tokens.get(3));
        Long bytes = CNumbers.int32(tokens.get(4));
        Long casUnique = cas ? CNumbers.uint64(tokens.get(5)) : Long.valueOf(0);
        if (flags == null || exptime == null || bytes == null || casUnique == null
                || bytes < 0 || bytes > Integer.MAX_VALUE - 2) {
            return clientError(out, BAD_FORMAT);
        }
        Mode mode = mode(tokens.get(0));
        if (bytes > ops.limits().itemMax()) {
            session.swallow(bytes + 2);
            try {
                ops.refusedAsTooLarge(mode, key);
            } catch (RuntimeException e) {
                return serverError(out, e);
            }
            return reply(out, "SERVER_ERROR object too large for cache");
        }
        pending = new Storage(mode, key, (int) (long) flags, exptime, (int) (long) bytes, casUnique, noreply);
        return data(in, out, pending);
    }

    private static Mode mode(String command) {
        switch (command) {
            case "set":
                return Mode.SET;
            case "add":
                return Mode.ADD;
            case "replace":
                return Mode.REPLACE;
            case "append":
                return Mode.APPEND;
            case "prepend":
                return Mode.PREPEND;
            default:
                return Mode.CAS;
        }
    }

    private Step data(InputBuffer in, Output out, Storage s) {
        if (in.available() < s.bytes() + 2) {
            return Step.MORE;
        }
        pending = null;
        noreply = s.noreply();
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
        return reply(out, outcome.result().name());
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
        if (n < 2 || n > 4) {
            return error(out);
        }
        if (n > 2) {
            noreply = lastIsNoreply(tokens);
            boolean holdIsZero = tokens.get(2).equals("0");
            if (!(n == 3 && (holdIsZero || noreply) || n == 4 && holdIsZero && noreply)) {
                return clientError(out, "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
            }
        }
        String key = tokens.get(1);
        if (key.length() > Limits.KEY_MAX) {
            return clientError(out, BAD_FORMAT);
        }
        Operations.Result r = ops.delete(key, 0);
        return reply(out, r == Operations.Result.STORED ? "DELETED" : "NOT_FOUND");
    }

    private Step arithmetic(List<String> tokens, boolean increment, Output out) {
        if (tokens.size() != 3 && tokens.size() != 4) {
            return error(out);
        }
        noreply = lastIsNoreply(tokens);
        String key = tokens.get(1);
        if (key.length() > Limits.KEY_MAX) {
            return clientError(out, BAD_FORMAT);
        }
        Long delta = CNumbers.uint64(tokens.get(2));
        if (delta == null) {
            return clientError(out, "CLIENT_ERROR invalid numeric delta argument");
        }
        Counter c;
        try {
            c = ops.arithmetic(key, delta, increment, false);
        } catch (IllegalArgumentException nonNumeric) {
            return clientError(out, "CLIENT_ERROR cannot increment or decrement non-numeric value");
        }
        return reply(out, c == null ? "NOT_FOUND" : c.text());
    }

    private Step touch(List<String> tokens, Output out) {
        if (tokens.size() != 3 && tokens.size() != 4) {
            return error(out);
        }
        noreply = lastIsNoreply(tokens);
        if (tokens.get(1).length() > Limits.KEY_MAX) {
            return clientError(out, BAD_FORMAT);
        }
        Long exptime = CNumbers.int32(tokens.get(2));
        if (exptime == null) {
            return clientError(out, "CLIENT_ERROR invalid exptime argument");
        }
        return reply(out, ops.touch(tokens.get(1), exptime) ? "TOUCHED" : "NOT_FOUND");
    }

    /** flush_all [delay] [noreply]; as in memcached, a word after the delay is ignored. */
    private Step flushAll(List<String> tokens, Output out) {
        if (tokens.size() > 3) {
            return error(out);
        }
        noreply = lastIsNoreply(tokens);
        long delay = 0;
        if (tokens.size() != (noreply ? 2 : 1)) {
            Long d = CNumbers.int32(tokens.get(1));
            if (d == null) {
                return clientError(out, "CLIENT_ERROR invalid exptime argument");
            }
            delay = d;
        }
        ops.flushAll(delay);
        return reply(out, "OK");
    }

    /** verbosity level [noreply]; as in memcached, any second word is accepted. */
    private Step verbosity(List<String> tokens, Output out) {
        if (tokens.size() != 2 && tokens.size() != 3) {
            return error(out);
        }
        noreply = lastIsNoreply(tokens);
        Long level = CNumbers.uint32(tokens.get(1));
        if (level == null) {
            return clientError(out, BAD_FORMAT);
        }
        ops.tunables().verbosity(level);
        return reply(out, "OK");
    }

    /** The groups memcached 1.6.18's text protocol answers with their STAT line and no END. */
    private static final java.util.Set<String> UNTERMINATED_STATS = java.util.Set.of("sizes_enable", "sizes_disable");

    /** stats [group]; as memcached, words after the group are ignored ({@code stats settings x} is {@code stats settings}). */
    private Step stats(List<String> tokens, Output out) {
        String group = tokens.size() >= 2 ? tokens.get(1) : null;
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
        if (group == null || !UNTERMINATED_STATS.contains(group)) { // Set.of refuses to look up null
            out.line("END");
        }
        return Step.DONE;
    }

    private Step serverError(Output out, RuntimeException e) {
        session.protocolError();
        if (e instanceof StoreFullException) {
            ops.refusedForMemory();
            return reply(out, "SERVER_ERROR out of memory storing object");
        }
        return reply(out, "SERVER_ERROR " + ErrorText.of(e));
    }
}
