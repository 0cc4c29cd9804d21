package org.mlos.net.memcached.auth;

import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.SessionControl;

/**
 * What the text and the binary authentication share: the plain protocol they stand in front of,
 * passed through whole once the client is authenticated, and the outcome of each attempt told to
 * the session (memcached's {@code auth_cmds} and {@code auth_errors}).
 */
abstract class AuthGate implements Commands {

    final Commands inner;
    final SessionControl session;
    private final AuthFile users;
    private boolean authenticated;

    AuthGate(Commands inner, SessionControl session, AuthFile users) {
        this.inner = inner;
        this.session = session;
        this.users = users;
    }

    @Override
    public final boolean busy() {
        return authenticated && inner.busy();
    }

    @Override
    public final boolean readingValue() {
        return authenticated && inner.readingValue();
    }

    final boolean authenticated() {
        return authenticated;
    }

    /** Whether the authentication file accepts this user's password. */
    final boolean accepts(String user, String password) {
        return users.accepts(user, password);
    }

    /** An attempt ended: the client is authenticated from now on if it {@code succeeded}; counted either way. */
    final void attempted(boolean succeeded) {
        if (succeeded) {
            authenticated = true;
        }
        session.authentication(succeeded);
    }
}
