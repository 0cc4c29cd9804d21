package org.mlos.net.memcached.auth;

import java.util.List;

import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * The text protocol behind memcached's authentication ({@code -Y}): until the client has sent
 * {@code set <key> <flags> <exptime> <bytes>} with {@code <user> <password>} as its data, every
 * command is answered {@code CLIENT_ERROR unauthenticated} (and the rest of what the client sent
 * with it dropped), as memcached 1.6 answers; once it has, the connection is the plain text
 * protocol. The credentials are never stored. One difference is kept: a failed attempt followed in
 * the same write by more commands is answered {@code CLIENT_ERROR authentication failure}, where
 * memcached 1.6.18 lets the next reply take that line's place.
 */
public final class AuthenticatedText extends AuthGate {

    public AuthenticatedText(Commands inner, SessionControl session, AuthFile users) {
        super(inner, session, users);
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (authenticated()) {
            return inner.next(in, out);
        }
        int nl = in.indexOf((byte) '\n', Limits.LINE_MAX + 1);
        if (nl < 0) {
            if (in.available() <= Limits.LINE_MAX) {
                return Step.MORE;
            }
            out.line("CLIENT_ERROR line is too long");
            session.skipLine();
            in.consume(in.available());
            return Step.DONE;
        }
        int length = nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        List<String> words = in.words(length);
        int bytes = words.size() >= 5 && words.get(0).equals("set") ? size(words.get(4)) : -1;
        if (bytes < 0) {
            // memcached drops what else the client sent with it, too
            in.consume(in.available());
            out.line("CLIENT_ERROR unauthenticated");
            return Step.DONE;
        }
        if (in.available() < nl + 1 + bytes + 2) {
            return Step.MORE;
        }
        String token = in.text(nl + 1, bytes);
        in.consume(nl + 1 + bytes + 2);
        int space = token.indexOf(' ');
        if (space < 0) {
            out.line("CLIENT_ERROR bad authentication token format");
        } else if (accepts(token.substring(0, space), token.substring(space + 1))) {
            attempted(true);
            out.line("STORED"); // even under noreply, as memcached answers
        } else {
            attempted(false);
            out.line("CLIENT_ERROR authentication failure");
        }
        return Step.DONE;
    }

    /**
     * The data size of the authenticating set, or -1 if it is not a number a token can have;
     * read as memcached reads a set's size (safe_strtol: a blank after the digits is allowed).
     */
    private static int size(String word) {
        Long n = CNumbers.int32(word);
        return n != null && n >= 0 && n <= Limits.LINE_MAX ? n.intValue() : -1;
    }
}
