package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What {@code mlos run --help} says of what a user sees: a node stopped by SIGTERM exits 143, as
 * the JVM does for a signal, while the help said only "0 stopped normally"; and the metrics token
 * is in {@code $XDG_CONFIG_HOME/mlos} when that is set, while the help said ~/.config/mlos.
 */
class RunHelpTest {

    @Test
    void theExitCodesSayWhatASignalGivesAndWhatSystemdNeeds() {
        String help = NodeOptions.USAGE.replaceAll("\\s+", " ");
        assertTrue(help.contains("143 for SIGTERM") && help.contains("130 for SIGINT"), help);
        assertTrue(help.contains("SuccessExitStatus=143"), help);
    }

    @Test
    void theTokenPathFollowsXdgConfigHome() {
        String help = NodeOptions.USAGE.replaceAll("\\s+", " ");
        assertTrue(help.contains("metrics.token in $XDG_CONFIG_HOME/mlos, default ~/.config/mlos"), help);
        assertFalse(help.contains("~/.config/mlos/metrics.token"), help);
    }
}
