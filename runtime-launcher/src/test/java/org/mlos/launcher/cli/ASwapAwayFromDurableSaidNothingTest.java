package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@code mlos swap KeyValueStore lru} on a durable node printed {@code COMPLETED … durable -> lru}
 * and nothing else; the node's next start, after a clean stop too, came back without its items.
 * The command now says what the swap did to the node's durability and how to undo it.
 */
class ASwapAwayFromDurableSaidNothingTest {

    private static SwapCommand swap(String... args) {
        CommandLine cli = MlosCli.commandLine();
        cli.parseArgs(args);
        return cli.getSubcommands().get("swap").getCommand();
    }

    @Test
    void aCompletedSwapAwayFromDurableWarnsAndSaysHowBack() {
        String w = swap("--images", "/nonexistent", "swap", "KeyValueStore", "lru")
                .warning("COMPLETED org.mlos.mem.api.KeyValueStore durable -> lru 12 ms\n");
        assertEquals("the node no longer journals its items: the next start, a supervisor's restart too, comes back"
                + " without them. Swap KeyValueStore durable to journal them again, or restart with --set"
                + " mlos.fault.store=lru to run lru behind the journal", w);
    }

    /** A cluster swap's report names no node's implementation before it; its nodes' lines carry their swaps' notes. */
    @Test
    void aClusterSwapWarnsOfTheNodesWhoseDurableStoreSaidSo() {
        String note = "KeyValueStore swapped away from durable: the node is no longer durable (its items are journaled"
                + " no more, …); journal cleared in /data/store";
        String reply = "COMPLETED KeyValueStore -> heap strategy=rolling nodes=3 total_ms=310\n"
                + "  node-1                               cache      COMPLETED        102 ms  " + note + "\n"
                + "  node-2                               cache      COMPLETED         98 ms  " + note + "\n"
                + "  node-3                               worker     COMPLETED          9 ms\n";
        assertEquals("2 nodes no longer journal their items: the next start, a supervisor's restart too, comes back"
                + " without them. Swap KeyValueStore durable on the cluster to journal them again, or restart with"
                + " --set mlos.fault.store=heap to run heap behind the journal",
                swap("--images", "/nonexistent", "swap", "--cluster", "KeyValueStore", "heap").warning(reply));
        assertNull(swap("--images", "/nonexistent", "swap", "--cluster", "KeyValueStore", "heap")
                .warning(reply.replace(note, "")));
    }

    /** An outsider's re-check: a swap to a stand-in while the durable store had not started said so only in its reason. */
    @Test
    void aSwapToAStandInWhileTheDurableStoreIsAwaitedWarnsOnItsOwnLine() {
        String reason = "heap serves while kind KeyValueStore waits for its preferred implementation durable"
                + " (mlos.kind.KeyValueStore.standin=false): what heap takes meanwhile is kept by durable only once durable"
                + " starts and the kernel swaps to it (lost if it never does)";
        String reply = "COMPLETED org.mlos.mem.api.KeyValueStore null -> heap trigger=request format=- mode=- entries=0"
                + " held=0 quiescence=- reason=\"" + reason + "\"\n";
        assertEquals(reason, swap("--images", "/nonexistent", "swap", "KeyValueStore", "heap").warning(reply));
        assertNull(swap("--images", "/nonexistent", "swap", "KeyValueStore", "heap")
                .warning("COMPLETED org.mlos.mem.api.KeyValueStore null -> heap trigger=request\n"));
    }

    @Test
    void otherSwapsSayNothingMore() {
        assertNull(swap("--images", "/nonexistent", "swap", "KeyValueStore", "lru")
                .warning("COMPLETED org.mlos.mem.api.KeyValueStore slab -> lru 12 ms\n"));
        assertNull(swap("--images", "/nonexistent", "swap", "KeyValueStore", "durable")
                .warning("COMPLETED org.mlos.mem.api.KeyValueStore slab -> durable 12 ms\n"));
    }
}
