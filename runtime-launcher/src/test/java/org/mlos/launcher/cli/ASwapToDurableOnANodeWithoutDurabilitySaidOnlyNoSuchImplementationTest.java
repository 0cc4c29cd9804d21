package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * An outsider's {@code mlos swap KeyValueStore durable} on a node started without durability was
 * told only "no implementation named durable": durability is chosen as a node starts, and the
 * refusal now says how.
 */
class ASwapToDurableOnANodeWithoutDurabilitySaidOnlyNoSuchImplementationTest {

    private static SwapCommand swap(String... args) {
        CommandLine cli = MlosCli.commandLine();
        cli.parseArgs(args);
        return cli.getSubcommands().get("swap").getCommand();
    }

    private static final String REFUSAL = "kind org.mlos.mem.api.KeyValueStore has no implementation named durable;"
            + " installed: [heap, log, lru, slab]";

    @Test
    void theRefusalSaysHowANodeIsMadeDurable() {
        assertEquals("a node's store is made durable as it starts: mlos run <profile> --set mlos.fault.durability=sync"
                + " --set mlos.fault.dir=<folder> (services-fault/README.md, Durable stores)",
                swap("--images", "/nonexistent", "swap", "KeyValueStore", "durable").hint(REFUSAL));
    }

    @Test
    void otherRefusalsAreAsTheNodeSaidThem() {
        assertNull(swap("--images", "/nonexistent", "swap", "KeyValueStore", "nosuch").hint(REFUSAL.replace("durable", "nosuch")));
        assertNull(swap("--images", "/nonexistent", "swap", "KeyValueStore", "durable").hint("kind KeyValueStore: a swap runs"));
    }
}
