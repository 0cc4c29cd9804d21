package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster up --nodes ledger=2 --dashboard --set mlos.metrics.port=30200} gave both nodes that
 * port; the second failed to listen and the up ended on "BindException: Address already in use"
 * (an outsider's). Refused before any node starts, saying what to do.
 */
@Timeout(120)
class ADashboardPortGivenToEveryNodeEndedTheUpTest extends FakeCheckoutTest {

    @Test
    void oneDashboardPortForTwoNodesIsRefused() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=2", "--dashboard", "--set", "mlos.metrics.port=30200");
        assertTrue(r.code() != 0, r.toString());
        assertTrue(r.err().contains("--set mlos.metrics.port=30200 would give every node's dashboard that one port")
                && r.err().contains("leave it out"), r.toString());
        assertTrue(checkout.started("cache").isEmpty(), "no node started");
    }

    @Test
    void aDashboardPortForOneNodeIsItsOwn() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1", "--dashboard", "--set", "mlos.metrics.port=30200");
        assertEquals(0, r.code(), r.toString());
    }
}
