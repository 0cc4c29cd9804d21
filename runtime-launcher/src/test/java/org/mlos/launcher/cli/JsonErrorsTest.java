package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.OperatorKeys;
import org.mlos.launcher.process.FakeCheckout;

/**
 * {@code --help} promises {"error": …} with {@code --json}, but {@code history --json} with no node
 * running printed plain text (only {@code nodes --json} kept the promise). Every command that takes
 * {@code --json} now prints its errors as one JSON document on standard output: no node, a usage
 * error (exit 2), an option picocli does not know (exit 2). ({@code nodes --json} with no node is no
 * error: an empty registry, {@link NodesJsonWithNoNodeTest}.)
 */
@Timeout(300)
class JsonErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void everyJsonCommandPrintsItsErrorsAsJson() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        Files.createDirectories(tmp.resolve("run"));
        Path jar = Files.writeString(tmp.resolve("x.jar"), "");
        new OperatorKeys(tmp.resolve("config/mlos")).ensure(); // rollout signs before it looks for a node
        for (List<String> cmd : List.of(List.of("history"), List.of("kinds"), List.of("swap", "KeyValueStore", "heap"),
                List.of("swaps"), List.of("journal", "tail"), List.of("autoscale", "status"),
                List.of("rollout", jar.toString(), "--profile", "cache"))) {
            CliRun.Result r = run(mlos, cmd, "--json");
            assertEquals(1, r.code(), cmd + ": " + r);
            assertTrue(r.out().startsWith("{\"error\":\"no node"), cmd + ": " + r);
            assertEquals("", r.err(), cmd + ": " + r);
        }
        CliRun.Result usage = run(mlos, List.of("journal", "tail", "-n", "0"), "--json");
        assertEquals(2, usage.code(), usage.toString());
        assertEquals("{\"error\":\"-n/--lines must be at least 1, got 0\"}", usage.out().strip(), usage.toString());
        CliRun.Result unknownOption = run(mlos, List.of("kinds", "--colour"), "--json");
        assertEquals(2, unknownOption.code(), unknownOption.toString());
        assertEquals("{\"error\":\"Unknown option: '--colour'\"}", unknownOption.out().strip(), unknownOption.toString());
    }

    @Test
    void aMessageIsEscapedIntoOneJsonString() {
        assertEquals("{\"error\":\"a \\\"quoted\\\" C:\\\\path\\nline 2\\u0001\"}", JsonError.of("a \"quoted\" C:\\path\nline 2\u0001"));
    }

    private static CliRun.Result run(CliRun mlos, List<String> cmd, String json) throws Exception {
        String[] args = new String[cmd.size() + 1];
        cmd.toArray(args);
        args[cmd.size()] = json;
        return mlos.run(args);
    }
}
