package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster up --nodes cache=1 --supervise} after an up of two nodes said nothing of
 * cache-2's folder; a later {@code mlos scale cache +1} served it, and an outsider saw 553 of 1,000
 * acknowledged deletes undone. Such an up is refused before any node starts, naming the folder and
 * what to do; so is one given {@code mlos.fault.dir} while an earlier up's folders are in the
 * cluster's folder (that up overrode the setting), which would start every node empty.
 */
@Timeout(120)
class ASmallerUpLeftASlotsItemsToBeServedStaleTest extends FakeCheckoutTest {

    @Test
    void anUpThatWouldLeaveASlotsFolderUnservedIsRefused() throws Exception {
        Path left = Files.createDirectories(mlos.runDir().resolve("cluster/mlos-cache-2.data"));
        Files.createDirectories(mlos.runDir().resolve("cluster/mlos-cache-1.data"));
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1", "--supervise");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("mlos: cluster mlos is not started: data folders of its slots are there that this up"
                + " would not serve:\n  " + left), r.toString());
        assertTrue(r.err().contains("Start as many nodes as the folders name, or move them out of the way"), r.toString());
        assertTrue(!r.err().contains("is where an earlier up put it"), "only what applies: " + r);
        assertTrue(checkout.started("cache").isEmpty(), "no node started: " + checkout.started("cache"));
        assertTrue(Files.isDirectory(left), "nothing moved or deleted");
    }

    @Test
    void anUpGivenADataFolderWhileAnEarlierUpsAreInTheClustersFolderIsRefused() throws Exception {
        Path earlier = Files.createDirectories(mlos.runDir().resolve("cluster/mlos-cache-1.data"));
        Path mine = Files.createDirectories(tmp.resolve("disk"));
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=1", "--supervise", "--set", "mlos.fault.dir=" + mine);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(earlier.toString()) && r.err().contains("move it into " + mine), r.toString());
        assertTrue(!r.err().contains("Start as many nodes"), "only what applies: " + r);
        assertTrue(checkout.started("cache").isEmpty());
    }
}
