package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@code mlos swap KeyValueStore lru --profile worker} on a machine running a cache node swapped
 * the cache node's store (exit 0): without {@code --cluster}, {@code --profile}, {@code --strategy}
 * and {@code --timeout} were dropped unsaid. Each is refused now, before any node is asked.
 */
class ClusterSwapOptionsWithoutClusterSwappedOneNodeTest {

    /** What the command says of {@code swap KeyValueStore lru <option>}, having exited 2 (a usage error). */
    private static String refused(String... option) {
        String[] args = new String[5 + option.length];
        System.arraycopy(new String[] {"--images", "/nonexistent", "swap", "KeyValueStore", "lru"}, 0, args, 0, 5);
        System.arraycopy(option, 0, args, 5, option.length);
        CommandLine cli = MlosCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(CommandLine.ExitCode.USAGE, cli.execute(args));
        CommandLine parsed = MlosCli.commandLine();
        parsed.parseArgs(args);
        SwapCommand swap = parsed.getSubcommands().get("swap").getCommand();
        return assertThrows(IllegalArgumentException.class, swap::request).getMessage();
    }

    @Test
    void eachClusterOptionWithoutClusterIsAUsageErrorThatSaysToAddIt() {
        assertTrue(refused("--profile", "worker").contains("--profile is for a swap across the cluster: add --cluster"));
        assertTrue(refused("--strategy", "atomic").contains("--strategy is for a swap across the cluster: add --cluster"));
        assertTrue(refused("--timeout", "5").contains("--timeout is for a swap across the cluster: add --cluster"));
    }

    @Test
    void withClusterTheyAreSentAndWithoutThemTheNodeIsAsked() {
        CommandLine cli = MlosCli.commandLine();
        cli.parseArgs("--images", "/nonexistent", "swap", "KeyValueStore", "lru", "--cluster", "--profile", "cache",
                "--timeout", "5");
        SwapCommand swap = cli.getSubcommands().get("swap").getCommand();
        assertEquals("cluster swap KeyValueStore lru --strategy rolling --profile cache --timeout 5", swap.request());
        cli = MlosCli.commandLine();
        cli.parseArgs("--images", "/nonexistent", "swap", "KeyValueStore", "lru");
        swap = cli.getSubcommands().get("swap").getCommand();
        assertEquals("swap KeyValueStore lru", swap.request());
    }
}
