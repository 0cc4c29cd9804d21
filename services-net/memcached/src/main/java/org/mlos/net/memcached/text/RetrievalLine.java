package org.mlos.net.memcached.text;

import org.mlos.mem.api.StoreEntry;
import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.Commands.Step;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * A {@code get}, {@code gets}, {@code gat} or {@code gats} line, answered key by key. memcached puts
 * no limit on these lines and clients batch thousands of keys in one, so a line longer than
 * {@link Limits#LINE_MAX} is answered as its bytes arrive, never buffered whole: it costs one key's
 * worth of input at a time, and only {@link Limits#RETRIEVAL_LINE_MAX} bounds it. A shorter line
 * is answered once it has arrived whole, as memcached answers every line.
 */
final class RetrievalLine {

    private final Operations ops;
    private final ValueLines values;
    private final SessionControl session;
    private final boolean withCas;
    private final boolean touch;
    /** Where this command's replies start: a bad key drops them all, as memcached does. */
    private final long mark;
    private Long exptime;
    private long lineBytes;
    private int keys;
    private boolean finished;

    /** Starts after the command word, which the caller has consumed. */
    RetrievalLine(Operations ops, ValueLines values, SessionControl session, String command, Output out) {
        this.ops = ops;
        this.values = values;
        this.session = session;
        this.withCas = command.equals("gets") || command.equals("gats");
        this.touch = command.startsWith("gat");
        this.mark = out.mark();
    }

    /** The command words this class answers. */
    static boolean isRetrieval(String word) {
        return word.equals("get") || word.equals("gets") || word.equals("gat") || word.equals("gats");
    }

    boolean finished() {
        return finished;
    }

    /**
     * Answers the keys that have arrived. DONE when the line is answered or the output holds a
     * batch (call again), MORE when the next key has not fully arrived.
     */
    Step next(InputBuffer in, Output out) {
        while (out.size() < Limits.OUTPUT_BATCH) {
            int spaces = 0;
            while (spaces < in.available() && in.at(spaces) == ' ') {
                spaces++;
            }
            in.consume(spaces);
            lineBytes += spaces;
            if (in.available() == 0) {
                return Step.MORE;
            }
            if (in.at(0) == '\n') {
                in.consume(1);
                return end(out);
            }
            int delimiter = delimiter(in);
            if (delimiter < 0) {
                if (in.available() < Limits.KEY_MAX + 2) {
                    return Step.MORE;
                }
                return touch && exptime == null ? fail(in, out, "CLIENT_ERROR invalid exptime argument", false)
                        : fail(in, out, TextCommands.BAD_FORMAT, true);
            }
            // memcached strips a CR only where it ends the line
            int length = in.at(delimiter) == '\n' && delimiter > 0 && in.at(delimiter - 1) == '\r' ? delimiter - 1
                    : delimiter;
            String word = in.text(0, length);
            in.consume(length);
            lineBytes += length;
            if (lineBytes > Limits.RETRIEVAL_LINE_MAX) {
                return fail(in, out, "CLIENT_ERROR line is too long", false);
            }
            if (length == 0) {
                in.consume(1); // the CR of a CRLF right after a space
                continue;
            }
            if (touch && exptime == null) {
                exptime = CNumbers.int32(word);
                if (exptime == null) {
                    return fail(in, out, "CLIENT_ERROR invalid exptime argument", false);
                }
                continue;
            }
            if (length > Limits.KEY_MAX) {
                return fail(in, out, TextCommands.BAD_FORMAT, true);
            }
            try {
                if (touch) {
                    StoreEntry e = ops.getAndTouch(word, exptime);
                    if (e != null) {
                        value(out, word, e, withCas);
                    }
                } else {
                    values.get(word, withCas, out);
                }
            } catch (RuntimeException ex) {
                return fail(in, out, "SERVER_ERROR out of memory writing get response", true);
            }
            keys++;
        }
        return Step.DONE;
    }

    /** Index of the space or LF that ends the word at the start, within a key's length, or -1. */
    private static int delimiter(InputBuffer in) {
        int stop = Math.min(in.available(), Limits.KEY_MAX + 2);
        for (int i = 0; i < stop; i++) {
            byte b = in.at(i);
            if (b == ' ' || b == '\n') {
                return i;
            }
        }
        return -1;
    }

    private Step end(Output out) {
        finished = true;
        if (touch ? exptime == null : keys == 0) {
            session.protocolError();
            out.line("ERROR");
        } else {
            out.line("END");
        }
        return Step.DONE;
    }

    /** An error ends the command; the rest of its line is dropped. */
    private Step fail(InputBuffer in, Output out, String message, boolean dropReplies) {
        finished = true;
        session.protocolError();
        if (dropReplies) {
            out.rewind(mark); // false once they have left: the error then follows them
        }
        out.line(message);
        TextCommands.dropLine(in, session);
        return Step.DONE;
    }

    static void value(Output out, String key, StoreEntry e, boolean withCas) {
        out.ascii("VALUE ").ascii(key).byte1(' ').unsigned(e.flags() & 0xffffffffL).byte1(' ').number(e.value().length);
        if (withCas) {
            out.byte1(' ').number(e.cas());
        }
        out.crlf().bytes(e.value()).crlf();
    }
}
