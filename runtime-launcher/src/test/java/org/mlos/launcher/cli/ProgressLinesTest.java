package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A long swap or rollout printed only "waiting for the reply" until the node answered: nothing
 * told how far it had got. The lines now carry what the node says of its progress.
 */
@Timeout(30)
class ProgressLinesTest {

    private static final Duration TICK = Duration.ofMillis(2);

    private static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void awaitLines(ByteArrayOutputStream out, int n) throws InterruptedException {
        while (lines(out).size() < n) {
            Thread.sleep(2);
        }
    }

    @Test
    void whatTheNodeTellsIsPrintedAtEachPollAndNothingAfterTheReply() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
        AtomicInteger polls = new AtomicInteger();
        ProgressLines progress = ProgressLines.of("swap of KeyValueStore to slab", () -> "swap KeyValueStore heap -> slab: "
                + "pre-copy pass 1, " + polls.incrementAndGet() + "/1,000 entries, 0.1 s\n", TICK, TICK, TICK, err);
        awaitLines(out, 3);
        progress.close();
        List<String> atClose = lines(out);
        for (int i = 0; i < atClose.size(); i++) {
            assertEquals("mlos:   swap KeyValueStore heap -> slab: pre-copy pass 1, " + (i + 1) + "/1,000 entries, 0.1 s",
                    atClose.get(i));
        }
        Thread.sleep(50);
        assertEquals(atClose, lines(out), "no line after the reply");
    }

    @Test
    void aClusterOperationsPerNodeOutcomesArePrintedOnceEach() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] replies = {
                "rollout b 1.0.0 to profile worker: 0/2 nodes done, 2 in flight, 0 pending, 0.1 s\n",
                "rollout b 1.0.0 to profile worker: 1/2 nodes done, 1 in flight, 0 pending, 0.2 s\n  n1 (worker) INSTALLED 80 ms\n",
                "rollout b 1.0.0 to profile worker: 1/2 nodes done, 1 in flight, 0 pending, 0.3 s\n  n1 (worker) INSTALLED 80 ms\n" };
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        ProgressLines progress = ProgressLines.of("rollout", () -> {
            int i = polls.getAndIncrement();
            if (i >= 2) {
                third.countDown();
            }
            return replies[Math.min(i, 2)];
        }, TICK, TICK, TICK, err);
        assertTrue(third.await(10, TimeUnit.SECONDS));
        awaitLines(out, 4);
        progress.close();
        List<String> got = lines(out);
        assertEquals("mlos:   rollout b 1.0.0 to profile worker: 0/2 nodes done, 2 in flight, 0 pending, 0.1 s", got.get(0));
        assertEquals("mlos:   rollout b 1.0.0 to profile worker: 1/2 nodes done, 1 in flight, 0 pending, 0.2 s", got.get(1));
        assertEquals("mlos:     n1 (worker) INSTALLED 80 ms", got.get(2));
        assertEquals(1, got.stream().filter(l -> l.contains("INSTALLED")).count(), got.toString());
    }

    @Test
    void aNodeThatTellsNothingGetsTheWaitingLineInstead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
        ProgressLines progress = ProgressLines.of("swap of KeyValueStore to lru", () -> {
            throw new java.io.IOException("an older node: no such request");
        }, TICK, TICK, TICK, err);
        awaitLines(out, 3);
        progress.close();
        for (String line : lines(out)) {
            assertTrue(line.matches("mlos:   swap of KeyValueStore to lru: waiting for the reply \\(\\d+s\\)"), line);
        }
    }

    @Test
    void aShortRequestPrintsNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
        AtomicInteger polls = new AtomicInteger();
        ProgressLines progress = ProgressLines.of("swap", () -> {
            polls.incrementAndGet();
            return "swap X a -> b: quiescing, 0.0 s\n";
        }, Duration.ofSeconds(60), TICK, TICK, err);
        progress.close();
        assertEquals(0, polls.get(), "the node was not asked");
        assertEquals(List.of(), lines(out));
    }
}
