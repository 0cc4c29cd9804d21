package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;

/**
 * An outsider's trial: {@code kill -STOP} on a node, then {@code mlos kinds --node <it>} and
 * {@code mlos nodes} hung until killed (a stopped node's socket still accepts, in the kernel's
 * backlog, and nothing answers). A query now has $MLOS_ANSWER_TIMEOUT seconds (20 by default) and
 * is told as the node's silence, exit code 1; {@code mlos nodes} marks the silent node and lists
 * the others; a swap, which may take a minute, waits as long as the node answers checks meanwhile.
 */
@Timeout(180) // a hang bound only: every wait below ends on a count of answers, or on the 1 s bound
class ACommandHungOnAStoppedNodeTest {

    @TempDir
    Path tmp;

    private CliRun mlos;
    private final List<Process> pids = new ArrayList<>();
    private final List<AutoCloseable> nodes = new ArrayList<>();

    @BeforeEach
    void cli() throws IOException {
        mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config")).env(SilentNode.WITHIN_VARIABLE, "1");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable n : nodes) {
            n.close();
        }
        pids.forEach(Process::destroyForcibly);
    }

    /** A live pid for a node of the test's (sockets of dead pids are dropped as stale). */
    private long livePid() throws IOException {
        Process p = new ProcessBuilder("sleep", "300").start();
        pids.add(p);
        return p.pid();
    }

    @Test
    void aQueryToAStoppedNodeSaysWhichNodeDidNotAnswerWithinTheBound() throws Exception {
        long pid = livePid();
        nodes.add(new Node(mlos.runDir(), "cache", pid, Integer.MAX_VALUE, 0));
        CliRun.Result r = mlos.run("kinds", "--node", Long.toString(pid));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("node cache-" + pid + " did not answer 'kinds' within 1 s: is it stopped (kill -CONT "
                + pid + " resumes it), overloaded or out of memory?"), r.toString());

        CliRun.Result json = mlos.run("kinds", "--node", Long.toString(pid), "--json");
        assertEquals(1, json.code(), json.toString());
        assertTrue(json.out().startsWith("{\"error\":\"node cache-" + pid + " did not answer"), json.toString());

        CliRun.Result bad = mlos.env(SilentNode.WITHIN_VARIABLE, "soon").run("kinds", "--node", Long.toString(pid));
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("MLOS_ANSWER_TIMEOUT is how many seconds a node has to answer"), bad.toString());
        CliRun.Result badNodes = mlos.run("nodes");
        assertEquals(2, badNodes.code(), badNodes.toString());
        assertTrue(badNodes.out().isEmpty(), "nothing listed: " + badNodes);
    }

    @Test
    void nodesMarksTheStoppedNodeAndListsTheOthers() throws Exception {
        long stopped = livePid();
        long serving = livePid();
        // the stopped node sorts first: it is the one the registry would have been asked of
        nodes.add(new Node(mlos.runDir(), "a-cache", stopped, Integer.MAX_VALUE, 0));
        nodes.add(new FakeNode(mlos.runDir(), "worker", serving,
                line -> line.equals("cluster nodes") ? "registry as worker sees it\n" : "\n"));
        CliRun.Result r = mlos.run("nodes");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("a-cache-" + stopped + ".sock  (no answer within 1 s)")),
                r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.endsWith("worker-" + serving + ".sock")), r.toString());
        assertTrue(r.out().contains("registry as worker sees it"), r.toString());
        assertTrue(r.err().contains("node a-cache-" + stopped + " did not answer within 1 s: is it stopped"), r.toString());
    }

    @Test
    void aSwapLongerThanTheBoundWaitsWhileTheNodeAnswersAndEndsWhenItStops() throws Exception {
        long slow = livePid();
        // answers every check, and the swap after three of them: longer than the 1 s bound
        Node working = new Node(mlos.runDir(), "cache", slow, Integer.MAX_VALUE, 3);
        nodes.add(working);
        CliRun.Result done = mlos.run("swap", "KeyValueStore", "slab", "--node", Long.toString(slow));
        assertEquals(0, done.code(), done.toString());
        assertTrue(done.out().startsWith("COMPLETED"), done.toString());
        assertTrue(working.checks.get() >= 3, done.toString());

        long stopped = livePid();
        // answers two checks, then stops: the swap's wait ends at the next one
        nodes.add(new Node(mlos.runDir(), "store", stopped, 2, Integer.MAX_VALUE));
        CliRun.Result r = mlos.run("swap", "KeyValueStore", "slab", "--node", Long.toString(stopped));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("node store-" + stopped + " stopped answering while 'swap KeyValueStore slab' waited"),
                r.toString());
        assertTrue(r.err().contains("mlos history --node " + stopped), r.toString());
    }

    /**
     * A node's control socket that answers its first {@code checks} checks ({@link NodeClient#CHECK}),
     * then nothing, as a node stopped; a swap after {@code swapAfter} checks, else never. With no
     * check answered it never accepts at all, as a stopped node's socket (the kernel's backlog
     * completes the connection).
     */
    private static final class Node implements AutoCloseable {
        final AtomicInteger checks = new AtomicInteger();
        private final ServerSocketChannel server;
        private final Path socket;
        private final List<SocketChannel> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        Node(Path runDir, String profile, long pid, int answered, int swapAfter) throws IOException {
            Files.createDirectories(runDir);
            socket = runDir.resolve(profile + "-" + pid + ".sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            if (swapAfter == 0) {
                return; // stopped from the start: nothing accepts
            }
            Thread.ofPlatform().daemon().start(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel ch = server.accept();
                        Thread.ofPlatform().daemon().start(() -> answer(ch, answered, swapAfter));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void answer(SocketChannel ch, int answered, int swapAfter) {
            try {
                String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
                        .readLine();
                if (NodeClient.CHECK.equals(line) && checks.get() < answered) {
                    checks.incrementAndGet();
                    reply(ch, "\n");
                    return;
                }
                if (line != null && line.startsWith("swap ")) {
                    while (checks.get() < swapAfter) {
                        if (!server.isOpen()) {
                            return;
                        }
                        Thread.sleep(20);
                    }
                    reply(ch, "COMPLETED swap KeyValueStore heap -> slab\n");
                    return;
                }
                held.add(ch); // silent: keeps the connection open and says nothing
            } catch (IOException | InterruptedException e) {
                // the command went away
            }
        }

        private static void reply(SocketChannel ch, String text) throws IOException {
            try (ch) {
                Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
                out.write(text);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel ch : held) {
                ch.close();
            }
            Files.deleteIfExists(socket);
        }
    }
}
