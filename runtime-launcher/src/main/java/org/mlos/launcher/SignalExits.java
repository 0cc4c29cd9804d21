package org.mlos.launcher;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A node answers signals as memcached does, since it stands in memcached's place: SIGTERM and
 * SIGINT stop it cleanly with exit status 0, and so does SIGUSR1 (memcached's graceful stop);
 * SIGHUP is ignored. The JVM's own handlers exited 143 and 130, which a service manager counts
 * as a failure of a node it stopped itself, died of SIGUSR1 (138), and ended the node on SIGHUP,
 * which a closed terminal or a reload hook sends. The stop itself is the shutdown hook's, as before.
 */
final class SignalExits {

    private static final String[] STOP = { "TERM", "INT", "USR1" };

    private SignalExits() {
    }

    /** Installs the handlers; where the JVM refuses one (run with -Xrs, say) it keeps its own. */
    static void install() {
        for (String name : STOP) {
            SignalHandler before = handle(name, signal -> System.exit(Node.EXIT_OK)); // runs the shutdown hooks: the node's stop
            if (before == SignalHandler.SIG_IGN) {
                // the JVM leaves a signal ignored at its start ignored, whatever is asked of it
                System.getLogger(SignalExits.class.getName()).log(System.Logger.Level.WARNING, ignored(name));
            }
        }
        handle("HUP", SignalHandler.SIG_IGN);
    }

    /** What the node says of a stop signal it was started ignoring. */
    static String ignored(String name) {
        return "SIG" + name + " was ignored when this node started (a script's background job starts so), and"
                + " the JVM keeps it ignored: the node does not stop on it; stop it with SIGTERM, or start it"
                + " with './mlos run' (which resets it) or 'env --default-signal=" + name + "'";
    }

    /** The handler before, or null where the JVM refused. */
    private static SignalHandler handle(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            System.getLogger(SignalExits.class.getName()).log(System.Logger.Level.DEBUG,
                    "SIG" + name + " keeps the JVM's handler: " + e.getMessage());
            return null;
        }
    }
}
