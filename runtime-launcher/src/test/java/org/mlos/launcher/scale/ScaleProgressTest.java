package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mlos scale} printed nothing until it ended, tens of seconds for a node to start and the
 * keys to move. Its progress lines come from {@link ScaleProgress}: pinned here, with a reader
 * racing the scaler that never sees a step beside another step's counts.
 */
@Timeout(60)
class ScaleProgressTest {

    @Test
    void theSummarySaysTheStepNodesDoneKeysMovedAndTheNodeAtWork() {
        ScaleProgress p = new ScaleProgress("scale cache +1");
        assertEquals("scale cache +1: starting, 0.0 s", p.summary(0));
        p.step("starting 1 node(s)", 0, 1, "ready", 0, null, () -> "pid 4711: booting");
        assertEquals("scale cache +1: starting 1 node(s), 0/1 nodes ready, 1.0 s; pid 4711: booting", p.summary(1_000));
        p.step("copying keys to the new nodes, pass 1", 1, 2, "done", 12_345, "copied",
                () -> "pid 4712: rebalance pass 1: 1,000/4,000 keys sent, 0.3 s\n");
        assertEquals("scale cache +1: copying keys to the new nodes, pass 1, 1/2 nodes done, 12,345 keys copied, 2.5 s;"
                + " pid 4712: rebalance pass 1: 1,000/4,000 keys sent, 0.3 s", p.summary(2_500));
        p.step("grace of 1500 ms for clients to see the ring");
        assertEquals("scale cache +1: grace of 1500 ms for clients to see the ring, 3.0 s", p.summary(3_000));
    }

    @Test
    void aNodeThatCannotTellLeavesTheLineAsItIs() {
        ScaleProgress p = new ScaleProgress("scale cache -1");
        p.step("draining", 0, 1, "drained", 0, "re-homed", () -> {
            throw new IllegalStateException("the node is stopping");
        });
        assertEquals("scale cache -1: draining, 0/1 nodes drained, 0 keys re-homed, 1.0 s", p.summary(1_000));
        p.step("draining", 0, 1, "drained", 0, "re-homed", () -> null);
        assertEquals("scale cache -1: draining, 0/1 nodes drained, 0 keys re-homed, 1.0 s", p.summary(1_000));
    }

    @Test
    void eventsFollowTheSummaryIndentedSoTheyArePrintedOnce() {
        ScaleProgress p = new ScaleProgress("scale cache -1");
        p.event("pid 4711 drained: 1,000 keys re-homed in 2 pass(es)");
        p.event("pid 4711 stopped");
        List<String> lines = p.lines().lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("scale cache -1: starting, "), lines.get(0));
        assertEquals("  pid 4711 drained: 1,000 keys re-homed in 2 pass(es)", lines.get(1));
        assertEquals("  pid 4711 stopped", lines.get(2));
    }

    @Test
    void moreNodesDoneThanThereAreIsRefused() {
        ScaleProgress p = new ScaleProgress("scale cache +1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.step("starting", 2, 1, "ready", 0, null, null));
        assertEquals("2 of 1 nodes done", e.getMessage());
    }

    @Test
    void readersRacingTheScalerSeeEachStepWithItsOwnCountsAndEventsOnlyGrow() throws Exception {
        ScaleProgress p = new ScaleProgress("scale cache -8");
        int nodes = 8;
        int rounds = 2_000;
        Pattern line = Pattern.compile("scale cache -8: (draining|stopping) (\\d+), (\\d+)/8 nodes (drained|stopped), "
                + "([\\d,]+) keys re-homed, \\d+\\.\\d s");
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                long lastKeys = 0;
                int lastEvents = 0;
                while (!done.get() && failure.get() == null) {
                    List<String> got = p.lines().lines().toList();
                    Matcher m = line.matcher(got.get(0));
                    if (m.matches()) {
                        long round = Long.parseLong(m.group(2));
                        int doneNodes = Integer.parseInt(m.group(3));
                        long keys = Long.parseLong(m.group(5).replace(",", ""));
                        // the scaler wrote: round r, doneNodes d, keys r * 8 + d, with "drained" while draining
                        if (keys != round * nodes + doneNodes || m.group(1).equals("draining") != m.group(4).equals("drained")) {
                            failure.compareAndSet(null, "counts of another step: " + got.get(0));
                        }
                        if (keys < lastKeys) {
                            failure.compareAndSet(null, "keys went back: " + lastKeys + " then " + got.get(0));
                        }
                        lastKeys = keys;
                    } else if (!got.get(0).startsWith("scale cache -8: starting, ")) {
                        failure.compareAndSet(null, "unexpected line " + got.get(0));
                    }
                    if (got.size() - 1 < lastEvents) {
                        failure.compareAndSet(null, "events went back");
                    }
                    lastEvents = got.size() - 1;
                }
            }));
        }
        for (int round = 0; round < rounds; round++) {
            for (int d = 0; d < nodes; d++) {
                String step = (d % 2 == 0 ? "draining " : "stopping ") + round;
                p.step(step, d, nodes, d % 2 == 0 ? "drained" : "stopped", (long) round * nodes + d, "re-homed", null);
            }
            if (round % 100 == 0) {
                p.event("round " + round);
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertNull(failure.get());
        assertEquals(rounds / 100 + 1, p.lines().lines().count());
    }
}
