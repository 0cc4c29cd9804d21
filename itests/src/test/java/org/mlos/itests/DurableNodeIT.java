package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * A durable cache node ({@code mlos.fault.durability=sync}) killed with SIGKILL under write load
 * from several connections, then restarted on the same folder, round after round: every write it
 * acknowledged in any round is served again, and it serves its recovered data soon after the
 * restart; then stopped cleanly (a checkpoint) and started once more, it still serves all of them.
 */
@Timeout(900)
class DurableNodeIT {

    private static final String CLUSTER = "itest-durable-" + UUID.randomUUID();
    private static final int ROUNDS = 3;
    private static final int WRITERS = 4;
    private static final int WRITES_BEFORE_KILL = 1_500;

    @TempDir
    Path folder;

    private NodeProcess node;

    private String profile = "cache";

    private NodeProcess start(String durability) throws IOException {
        List<String> args = List.of("--port", "0", "--set", "mlos.cluster.name=" + CLUSTER, "--set", "mlos.cluster.port=18741",
                "--set", "mlos.fault.durability=" + durability, "--set", "mlos.fault.dir=" + folder,
                // checkpoints while the writers run, so that recovery reads a checkpoint and a journal
                "--set", "mlos.fault.checkpoint.s=1");
        return NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile, args, List.of(), null);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    void aSyncNodeKilledUnderWriteLoadServesEveryAcknowledgedWriteAfterARestart() throws Exception {
        killRounds("sync", ROUNDS);
    }

    /**
     * {@code batch} may lose the last batch bound's writes when the machine fails; a process that
     * dies loses none (the journal's pages are in the page cache), so the bound here is zero too.
     */
    @Test
    void aBatchNodeKilledUnderWriteLoadLosesNoAcknowledgedWriteEither() throws Exception {
        killRounds("batch", 2);
    }

    /**
     * The same on Chronicle Queue: the {@code cache-chronicle} profile (its JVM flags from the
     * profile's {@code -runvm}) journals the store into Chronicle ({@code mlos.fault.store.journal})
     * and keeps the node's events in the {@code chronicle} Journal.
     */
    @Test
    void aSyncNodeOnChronicleKilledUnderWriteLoadServesEveryAcknowledgedWriteAfterARestart() throws Exception {
        profile = "cache-chronicle";
        killRounds("sync", 2);
        try (var files = Files.list(folder.resolve("store").resolve("journal-chronicle"))) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".cq4")), "the store journaled into Chronicle's cycle files");
        }
        assertTrue(node.request("kinds").matches("(?s).*Journal\\s+chronicle\\s.*"), "the node's Journal is chronicle: "
                + node.request("kinds"));
        // the node's own journal (swap reports, decisions) moves live to segments and back, records with it
        // a record before the swaps: a durable node's boot swaps nothing (no store stands in for the
        // durable one), so ask for a swap the kernel refuses (already active), which is journaled too
        assertTrue(node.request("swap Journal chronicle").contains("REFUSED"));
        String before = node.request("journal tail 3");
        for (int i = 0; i < 100 && before.contains("the journal is empty"); i++) {
            Thread.sleep(100);
            before = node.request("journal tail 3");
        }
        String there = node.request("swap Journal segments");
        assertTrue(there.contains("COMPLETED"), there);
        String back = node.request("swap Journal chronicle");
        assertTrue(back.contains("COMPLETED"), back);
        // swap reports reach the journal through the swap supervisor's poll (every 100 ms): wait for them, bounded
        String tail = node.request("journal tail 50");
        for (int i = 0; i < 100 && !tail.contains("chronicle -> segments"); i++) {
            Thread.sleep(100);
            tail = node.request("journal tail 50");
        }
        assertTrue(tail.contains("chronicle -> segments") && tail.contains(before.lines().findFirst().orElseThrow()),
                "the journal kept its records across both swaps: " + before + " / " + tail);
    }

    /**
     * An outsider's re-check: a node on a folder the durable store cannot recover (here its
     * checkpoint removed after a clean stop had let the journal's first records go) logged why, then
     * waited out its ready timeout and ended naming only the memcached server's unsatisfied reference
     * to a store. It ends at once, with the durable store's reason.
     */
    @Test
    void aFolderTheDurableStoreCannotRecoverEndsTheNodeAtOnceSayingWhy() throws Exception {
        node = start("batch");
        int port = node.awaitReady(Duration.ofSeconds(120)).port("memcached");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write("set a 0 0 1\r\nx\r\nset b 0 0 1\r\ny\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] reply = s.getInputStream().readNBytes("STORED\r\nSTORED\r\n".length());
            assertEquals("STORED\r\nSTORED\r\n", new String(reply, java.nio.charset.StandardCharsets.US_ASCII));
        }
        node.stop(Duration.ofSeconds(30)); // a checkpoint: the journal's records before it go
        node = null;
        Path checkpoint = folder.resolve("store").resolve("checkpoint");
        assertTrue(Files.exists(checkpoint), "a clean stop leaves a checkpoint");
        Files.delete(checkpoint);

        node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile, List.of("--port", "0", "--ready-timeout", "300",
                "--set", "mlos.cluster.name=" + CLUSTER, "--set", "mlos.cluster.port=18741", "--set",
                "mlos.fault.durability=batch", "--set", "mlos.fault.dir=" + folder), List.of(), null);
        int exit = node.awaitExit(Duration.ofSeconds(150));
        String output = node.output();
        assertTrue(exit > 0, "ended, well before its ready timeout of 300 s (exit " + exit + "): " + output);
        assertTrue(output.contains("its checkpoint (" + checkpoint + ") is missing"), output);
        assertTrue(!output.contains("unsatisfied references"), "the reason, not what waited for it: " + output);
    }

    private void killRounds(String durability, int rounds) throws Exception {
        List<String> acked = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            node = start(durability);
            long started = System.nanoTime();
            int port = node.awaitReady(Duration.ofSeconds(120)).port("memcached");
            long readyMs = (System.nanoTime() - started) / 1_000_000;
            List<String> lostBefore = MemcachedWriter.missing(port, acked);
            assertEquals(List.of(), lostBefore.subList(0, Math.min(10, lostBefore.size())),
                    "round " + round + ": " + lostBefore.size() + " of the " + acked.size()
                            + " writes acknowledged before the last kill are not served");
            assertTrue(node.request("kinds").contains("durable"), "the durable store serves: " + node.request("kinds"));

            List<MemcachedWriter> writers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                MemcachedWriter writer = new MemcachedWriter(port, "r" + round + "w" + w + "-");
                Thread t = new Thread(writer, "itest-writer-" + w);
                t.start();
                writers.add(writer);
                threads.add(t);
            }
            for (MemcachedWriter w : writers) {
                w.awaitAcked(WRITES_BEFORE_KILL, Duration.ofSeconds(120));
            }
            node.kill(); // SIGKILL while the writers write
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            int roundAcked = 0;
            for (MemcachedWriter w : writers) {
                List<String> a = w.acked();
                roundAcked += a.size();
                acked.addAll(a);
            }
            System.out.println("durable " + profile + " node (" + durability + "), kill -9 under write load, round " + round + ": acknowledged this round "
                    + roundAcked + ", in all " + acked.size() + "; node ready " + readyMs + " ms after start");
            node = null;
        }
        node = start(durability);
        long started = System.nanoTime();
        int port = node.awaitReady(Duration.ofSeconds(120)).port("memcached");
        List<String> lost = MemcachedWriter.missing(port, acked);
        long servingMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("durable " + profile + " node (" + durability + ") after " + rounds + " kills: " + acked.size() + " acknowledged writes, lost "
                + lost.size() + "; restarted and served them all " + servingMs + " ms after start");
        assertEquals(List.of(), lost.subList(0, Math.min(10, lost.size())), lost.size() + " acknowledged writes lost of " + acked.size());
        // a clean stop checkpoints (the 1 s checkpoints may not have come round in a short round);
        // the next start reads the checkpoint rather than the journal
        node.stop(Duration.ofSeconds(30));
        node = null;
        assertTrue(Files.exists(folder.resolve("store").resolve("checkpoint")), "a clean stop took a checkpoint");
        node = start(durability);
        int again = node.awaitReady(Duration.ofSeconds(120)).port("memcached");
        List<String> lostAfterCheckpoint = MemcachedWriter.missing(again, acked);
        assertEquals(List.of(), lostAfterCheckpoint.subList(0, Math.min(10, lostAfterCheckpoint.size())),
                lostAfterCheckpoint.size() + " acknowledged writes lost after a restart from the checkpoint; kinds:\n"
                        + node.request("kinds") + "\nthe node's output:\n" + node.output());
    }
}
