package org.mlos.net.memcached.auth;

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
public final class AuthenticatedText implements Commands {

    private final Commands inner;
    private final SessionControl session;
    private final AuthFile users;
    private boolean authenticated;

    public AuthenticatedText(Commands inner, SessionControl session, AuthFile users) {
        this.inner = inner;
        this.session = session;
        this.users = users;
    }

    @Override
    public boolean busy() {
        return authenticated && inner.busy();
    }

    @Override
    public boolean readingValue() {
        return authenticated && inner.readingValue();
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (authenticated) {
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
        String[] words = in.text(0, length).trim().split(" +");
        int bytes = words.length >= 5 && words[0].equals("set") ? size(words[4]) : -1;
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
        } else if (users.accepts(token.substring(0, space), token.substring(space + 1))) {
            authenticated = true;
            session.authentication(true);
            out.line("STORED"); // even under noreply, as memcached answers
        } else {
            session.authentication(false);
            out.line("CLIENT_ERROR authentication failure");
        }
        return Step.DONE;
    }

    /** The data size of the authenticating set, or -1 if it is not a number a token can have. */
    private static int size(String word) {
        try {
            int n = Integer.parseInt(word);
            return n <= Limits.LINE_MAX ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
