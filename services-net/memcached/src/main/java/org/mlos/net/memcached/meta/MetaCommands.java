package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.mem.api.StoreFullException;
import org.mlos.net.memcached.Commands.Step;
import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.ErrorText;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * memcached 1.6's meta commands ({@code mg ms md ma mn me}), mixed with the text protocol on one
 * connection as memcached mixes them: a line whose first word is one of them is answered here,
 * every other request by the text parser this wraps, which never learns about meta.
 */
public final class MetaCommands implements Commands {

    private final Commands text;
    private final SessionControl session;
    private final Operations ops;
    private final MetaGet get;
    private final MetaSet set;
    private final MetaDelete delete;
    private final MetaArithmetic arithmetic;
    private final MetaDebug debug;
    /** The text parser stopped in the middle of a request (a data block): its next bytes are its own. */
    private boolean textMidRequest;

    public MetaCommands(Commands text, SessionControl session, Operations ops, ItemMarks marks) {
        this.text = text;
        this.session = session;
        this.ops = ops;
        this.get = new MetaGet(ops, marks);
        this.set = new MetaSet(ops, marks, session);
        this.delete = new MetaDelete(ops, marks);
        this.arithmetic = new MetaArithmetic(ops, marks);
        this.debug = new MetaDebug(ops, marks);
    }

    @Override
    public boolean busy() {
        return text.busy();
    }

    @Override
    public boolean readingValue() {
        return set.pending() || text.readingValue();
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (set.pending()) {
            try {
                return set.data(in, out); // the rest of a data block that arrived in parts
            } catch (RuntimeException e) {
                return failed(e, out);
            }
        }
        if (textMidRequest || text.busy()) {
            return text(in, out);
        }
        int command = commandAt(in);
        if (command == 0) {
            return Step.MORE;
        }
        if (command < 0) {
            return text(in, out);
        }
        int nl = in.indexOf((byte) '\n', Limits.LINE_MAX + 1);
        if (nl < 0) {
            if (in.available() <= Limits.LINE_MAX) {
                return Step.MORE;
            }
            session.protocolError();
            out.line("CLIENT_ERROR line is too long");
            in.skip(in.available());
            session.skipLine();
            return Step.DONE;
        }
        int length = nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        List<String> words = in.words(length);
        in.consume(nl + 1);
        try {
            return answer((char) command, words, in, out);
        } catch (RuntimeException e) {
            return failed(e, out);
        }
    }

    /** A command the store could not carry out: an error reply, and the connection goes on. */
    private Step failed(RuntimeException e, Output out) {
        if (e instanceof StoreFullException) {
            ops.refusedForMemory();
            return error(out, "SERVER_ERROR out of memory storing object");
        }
        return error(out, "SERVER_ERROR " + ErrorText.of(e));
    }

    private Step answer(char command, List<String> words, InputBuffer in, Output out) {
        ops.fetchedMarks(); // a client speaks meta: from now on every read marks its item fetched, as memcached's do
        if (command == 'n') {
            out.line("MN");
            return Step.DONE;
        }
        String failure;
        switch (command) {
            case 'g':
                failure = get.answer(words, out);
                break;
            case 's':
                failure = set.answer(words, out);
                if (failure == null) {
                    return set.data(in, out);
                }
                break;
            case 'd':
                failure = delete.answer(words, out);
                break;
            case 'a':
                failure = arithmetic.answer(words, out);
                break;
            default:
                failure = debug.answer(words, out);
                break;
        }
        return failure == null ? Step.DONE : error(out, failure);
    }

    private Step error(Output out, String line) {
        session.protocolError();
        out.line(line);
        return Step.DONE;
    }

    private Step text(InputBuffer in, Output out) {
        Step step = text.next(in, out);
        textMidRequest = step == Step.MORE;
        return step;
    }

    /**
     * The meta command a buffered line starts with (its second letter), -1 if it is not one, 0 if
     * too few bytes have arrived to tell. As memcached, spaces before the word are skipped and the
     * word must be exactly two letters.
     */
    static int commandAt(InputBuffer in) {
        int available = in.available();
        int i = 0;
        while (i < available && in.at(i) == ' ') {
            i++;
        }
        if (i == available) {
            return available > Limits.LINE_MAX ? -1 : 0;
        }
        if (in.at(i) != 'm') {
            return -1;
        }
        if (i + 1 == available) {
            return 0;
        }
        byte c = in.at(i + 1);
        if ("gsdnae".indexOf(c) < 0) {
            return -1;
        }
        if (i + 2 == available) {
            return 0;
        }
        byte end = in.at(i + 2);
        if (end == ' ' || end == '\n') {
            return c;
        }
        if (end != '\r') {
            return -1;
        }
        if (i + 3 == available) {
            return 0;
        }
        return in.at(i + 3) == '\n' ? c : -1;
    }
}
