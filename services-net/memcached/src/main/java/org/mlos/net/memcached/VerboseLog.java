package org.mlos.net.memcached;

import java.lang.System.Logger.Level;

/**
 * What memcached's {@code -v}/{@code -vv} print to stderr, logged at INFO under this class's name
 * while {@code verbosity} asks for it: from 1, each request answered with an error; from 2, also
 * each connection opened and closed and each request (a text line, up to 200 characters, or a
 * binary opcode). Nothing is formatted at 0, so the level costs a volatile read per request.
 */
final class VerboseLog {

    private static final System.Logger LOG = System.getLogger(VerboseLog.class.getName());
    private static final int LINE_SHOWN = 200;

    private VerboseLog() {
    }

    static void error(Operations ops, long id) {
        if (ops.verbosity() >= 1) {
            LOG.log(Level.INFO, ">{0} request answered with an error", id);
        }
    }

    static void connection(Operations ops, long id, String remote, boolean opened) {
        if (ops.verbosity() >= 2) {
            LOG.log(Level.INFO, opened ? "<{0} new connection from {1}" : "<{0} connection closed ({1})", id, remote);
        }
    }

    /**
     * Logs the request at the start of {@code in} once it is in far enough to show: a text line
     * when its end (or its first {@value #LINE_SHOWN} characters) has arrived, a binary header's
     * opcode. Returns whether it logged; until then the caller asks again as bytes arrive, so a
     * line split across reads is logged once, whole.
     */
    static boolean request(Operations ops, long id, InputBuffer in) {
        if (in.available() == 0) {
            return false;
        }
        if ((in.at(0) & 0xff) == 0x80) {
            if (in.available() < 2) {
                return false;
            }
            LOG.log(Level.INFO, "<{0} binary opcode 0x{1}", id, Integer.toHexString(in.at(1) & 0xff));
            return true;
        }
        int nl = in.indexOf((byte) '\n', Math.min(in.available(), LINE_SHOWN + 1));
        if (nl < 0 && in.available() <= LINE_SHOWN) {
            return false; // the line's end is still on its way
        }
        int end = nl < 0 ? LINE_SHOWN : nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        LOG.log(Level.INFO, "<{0} {1}", id, in.text(0, Math.min(end, LINE_SHOWN)));
        return true;
    }
}
