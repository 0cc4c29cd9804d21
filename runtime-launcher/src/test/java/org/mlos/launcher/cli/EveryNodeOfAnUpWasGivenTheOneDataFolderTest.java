package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster up --nodes cache=2 --set mlos.fault.dir=D} (no {@code --supervise}) gave both nodes
 * D itself: the second node's journal recorded nothing, the first holding its lock (its log warned
 * at every record, its swaps said COMPLETED), and with durability the second node ended the up.
 * Each node gets a folder of its own below D, as a supervised up gives.
 */
@Timeout(120)
class EveryNodeOfAnUpWasGivenTheOneDataFolderTest extends FakeCheckoutTest {

    @Test
    void eachNodeGetsAFolderOfItsOwnBelowTheOneGiven() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=2", "--set", "mlos.fault.dir=" + disk);
        assertEquals(0, r.code(), r.toString());
        List<Long> nodes = checkout.started("cache");
        assertEquals(2, nodes.size(), r.toString());
        for (int slot = 1; slot <= 2; slot++) {
            String line = checkout.commandLine(nodes.get(slot - 1));
            String last = line.substring(line.lastIndexOf("mlos.fault.dir=")).split(" ")[0];
            assertEquals("mlos.fault.dir=" + disk.resolve("mlos-cache-" + slot + ".data"), last,
                    "the last mlos.fault.dir wins, and it is the slot's: " + line);
        }
        assertTrue(!r.out().contains("supervisor pid"), "no supervisor was asked for: " + r);
    }

    /** A reviewer's: a folder one node ran on (its store/) would be served by no node of the up, without a word. */
    @Test
    void aFolderHoldingOneNodesOwnDataIsRefused() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Files.createDirectories(disk.resolve("store"));
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=2", "--set", "mlos.fault.dir=" + disk);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(disk + " holds a node's own data") && r.err().contains("move it into that node's folder ("
                + disk.resolve("mlos-cache-1.data") + ")"), r.toString());
        assertTrue(checkout.started("cache").isEmpty(), "no node started");
    }

    @Test
    void anUpWithoutTheSettingGivesNoFolder() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1");
        assertEquals(0, r.code(), r.toString());
        assertTrue(!checkout.commandLine(checkout.started("cache").get(0)).contains("mlos.fault.dir"), r.toString());
    }
}
