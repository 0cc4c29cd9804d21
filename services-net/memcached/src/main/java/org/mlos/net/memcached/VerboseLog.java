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

    /** The request at the start of {@code in}: a text line, or a binary header's opcode. */
    static void request(Operations ops, long id, InputBuffer in) {
        if (ops.verbosity() < 2 || in.available() == 0) {
            return;
        }
        if ((in.at(0) & 0xff) == 0x80) {
            if (in.available() > 1) {
                LOG.log(Level.INFO, "<{0} binary opcode 0x{1}", id, Integer.toHexString(in.at(1) & 0xff));
            }
            return;
        }
        int nl = in.indexOf((byte) '\n', Math.min(in.available(), LINE_SHOWN));
        int end = nl < 0 ? Math.min(in.available(), LINE_SHOWN) : nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        LOG.log(Level.INFO, "<{0} {1}", id, in.text(0, end));
    }
}
