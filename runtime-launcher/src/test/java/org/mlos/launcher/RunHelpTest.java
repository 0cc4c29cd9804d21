package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What {@code mlos run --help} says of what a user sees: what a signal does to a node, which the
 * help did not say; and the metrics token is in {@code $XDG_CONFIG_HOME/mlos} when that is set,
 * while the help said ~/.config/mlos.
 */
class RunHelpTest {

    @Test
    void theExitCodesSayWhatASignalGives() {
        String help = NodeOptions.USAGE.replaceAll("\\s+", " ");
        assertTrue(help.contains("SIGINT (Ctrl-C) and SIGUSR1 stop the node cleanly with 0, as memcached does;"
                + " SIGHUP is ignored"), help);
    }

    @Test
    void theTokenPathFollowsXdgConfigHome() {
        String help = NodeOptions.USAGE.replaceAll("\\s+", " ");
        assertTrue(help.contains("metrics.token in $XDG_CONFIG_HOME/mlos, default ~/.config/mlos"), help);
        assertFalse(help.contains("~/.config/mlos/metrics.token"), help);
    }

    /** The README says every command takes -V; mlos run refused it as one of memcached's options. */
    @Test
    void versionIsPrinted() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = Main.run(new String[] { "cache-standalone", "-V" }, 0, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        assertTrue(exit == 0 && out.toString().startsWith("mlos ") && out.toString().contains("Java "), out + " / " + err);
    }
}
