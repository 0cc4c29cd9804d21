package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@code mlos swap KeyValueStore heap --cluster --strategy bogus} went to a node, whose refusal
 * exited 1, where every other usage error exits 2 (and with no node running it said so instead).
 * The strategies are the command's own values now: refused before any node is asked.
 */
class MisspeltSwapStrategyIsAUsageErrorTest {

    @Test
    void aStrategyOtherThanRollingOrAtomicIsRefusedWithExit2() {
        StringWriter err = new StringWriter();
        CommandLine cli = MlosCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--images", "/nonexistent", "swap", "KeyValueStore", "heap", "--cluster", "--strategy", "bogus");
        assertEquals(CommandLine.ExitCode.USAGE, code, err.toString());
        assertTrue(err.toString().contains("--strategy") && err.toString().contains("rolling, atomic")
                && err.toString().contains("bogus"), err.toString());
    }

    @Test
    void theStrategyIsTakenInAnyCaseAsTheNodeTakesIt() {
        CommandLine cli = MlosCli.commandLine();
        cli.parseArgs("--images", "/nonexistent", "swap", "KeyValueStore", "heap", "--cluster", "--strategy", "ATOMIC");
        SwapCommand swap = cli.getSubcommands().get("swap").getCommand();
        assertEquals("cluster swap KeyValueStore heap --strategy atomic", swap.request());
    }
}
