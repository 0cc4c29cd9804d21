package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.testing.FakeNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlos.launcher.testing.LivePids;

/**
 * An outsider's bundle added a {@code NodeCommand} ({@code tally status}), as the docs say bundles
 * may, and found no {@code mlos} command to send it: they wrote a socket client of their own.
 * {@code mlos ask <words>} sends the words as one request and prints the reply.
 */
@Timeout(120)
class ABundlesOwnCommandHadNoWayInTest {

    @RegisterExtension
    final LivePids pids = new LivePids(); // a live node pid: this JVM runs no launcher, so is no node

    @TempDir
    Path tmp;

    @Test
    void askSendsTheWordsAndPrintsTheReply() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        long pid = pids.node();
        List<String> asked = new CopyOnWriteArrayList<>();
        try (FakeNode node = new FakeNode(mlos.runDir(), "tally", pid, line -> {
            asked.add(line);
            if (line.equals("tally status")) {
                return "keys=200 acknowledged=1041\n";
            }
            if (line.equals("tally stop")) {
                return "error: no load runs\n";
            }
            return FakeNode.unknown(line);
        })) {
            CliRun.Result ok = mlos.run("ask", "tally", "status", "--node", Long.toString(pid));
            assertEquals(0, ok.code(), ok.toString());
            assertEquals("keys=200 acknowledged=1041\n", ok.out());

            CliRun.Result refused = mlos.run("ask", "tally", "stop");
            assertEquals(1, refused.code(), refused.toString());
            assertTrue(refused.err().contains("mlos: no load runs"), refused.toString());

            CliRun.Result unknown = mlos.run("ask", "inventory", "count");
            assertEquals(1, unknown.code(), unknown.toString());
            assertTrue(unknown.err().contains("has no command 'inventory': no bundle of its profile (tally) registers a"
                    + " NodeCommand of that name"), unknown.toString());
            assertEquals(List.of("tally status", "tally stop", "inventory count"), asked);
        }
    }
}
