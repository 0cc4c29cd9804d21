package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.scale.NodeLoad;

/**
 * {@code mlos cluster up --nodes cache=2 --autoscale cache=2..3 --supervise}: cluster up starts its
 * nodes one after the other, so cache-1's autoscaler led while cache-2 still booted, found one node
 * below the minimum 2 and asked for another at once ({@code change=+1 nodes=1->2}). The supervisor,
 * started once both were up, carried it out: three nodes, keys moved, and a scale-in later, on
 * every start. A profile below its minimum now waits for the start grace from taking office; a node
 * that really died is still replaced, at the end of the grace or, after it, at once.
 */
class AClusterStillStartingWasScaledOutTest {

    private static final AutoscaleRule CACHE = new AutoscaleRule("cache", 2, 3);
    private static final AutoscaleSettings SETTINGS = AutoscaleSettings.parse(List.of("period.ms=1000"));

    private final AutoscaleLoopTest.MemoryBoard board = new AutoscaleLoopTest.MemoryBoard();
    private final List<String> journal = new ArrayList<>();
    private List<NodeLoad> loads = List.of();
    private final AutoscaleLoop loop = new AutoscaleLoop(List.of(CACHE), SETTINGS, board, () -> loads, () -> true,
            journal::add, "cache-1");

    private static List<NodeLoad> cacheNodes(int n) {
        List<NodeLoad> out = new ArrayList<>();
        for (int i = 0; i < n; i++) { // idle: within thresholds, so only the bounds can ask for a node
            out.add(new NodeLoad("id" + i, "cache", 100 + i, NodeLoad.SERVING, 0.1, 500, 10, 0, Map.of(), false, 0));
        }
        return out;
    }

    /** Ticks once a second (the fake clock) from {@code fromMs} to before {@code toMs}. */
    private void tick(long fromMs, long toMs) {
        for (long t = fromMs; t < toMs; t += 1000) {
            loop.tick(t);
        }
    }

    @Test
    void theSecondNodeStillBootingIsNotAddedAgain() {
        loads = cacheNodes(1); // cache-1 leads; cluster up boots cache-2
        tick(0, 8000);
        loads = cacheNodes(2); // cache-2 is up
        tick(8000, 120_000);
        assertTrue(board.requests.isEmpty(), "no request while the cluster starts the nodes it was asked for: " + journal);
        assertTrue(journal.stream().noneMatch(l -> l.contains("change=+1")), journal.toString());
        assertTrue(journal.stream().anyMatch(l -> l.contains("change=+0 nodes=1->1") && l.contains(
                "reason=\"below the minimum 2, but within 60000 ms of taking office: its nodes may still be starting\"")),
                "the wait is journaled: " + journal);
        assertTrue(journal.get(0).endsWith(" start.grace.ms=60000"), "the leads line names the grace: " + journal.get(0));
    }

    @Test
    void aNodeThatNeverComesIsAskedForAtTheEndOfTheGrace() {
        loads = cacheNodes(1);
        tick(0, 60_000);
        assertTrue(board.requests.isEmpty(), journal.toString());
        loop.tick(60_000); // the grace is bounded
        assertEquals(1, board.requests.size(), journal.toString());
        ScaleRequest r = board.requests.values().iterator().next();
        assertEquals(1, r.change());
        assertTrue(r.decision().contains("nodes=1->2") && r.decision().contains("reason=\"below the minimum 2\""),
                r.decision());
    }

    @Test
    void aNodeThatDiesAfterTheGraceIsReplacedAtOnce() {
        loads = cacheNodes(2);
        tick(0, 90_000);
        loads = cacheNodes(1); // cache-2 died
        loop.tick(90_000);
        assertEquals(1, board.requests.size(), journal.toString());
        assertEquals(1, board.requests.values().iterator().next().change());
    }

    @Test
    void theGraceCountsFromTakingOfficeNotFromTheFirstPeriod() {
        boolean[] mayLead = { false };
        AutoscaleLoop follower = new AutoscaleLoop(List.of(CACHE), SETTINGS, board, () -> cacheNodes(1),
                () -> mayLead[0], journal::add, "cache-2");
        follower.tick(0);
        mayLead[0] = true; // the leader left at 100 s: the one it leaves may be restarting
        follower.tick(100_000);
        assertTrue(board.requests.isEmpty(), journal.toString());
        follower.tick(160_000);
        assertEquals(1, board.requests.size(), journal.toString());
    }

    /** It was a framework property only, not an {@code --autoscale-set} setting beside the others. */
    @Test
    void theGraceIsASettingOfWholeMilliseconds() {
        assertEquals(60_000, SETTINGS.startGraceMs(), "the default");
        assertEquals(0, AutoscaleSettings.parse(List.of("start.grace.ms=0")).startGraceMs());
        assertEquals(15_000, AutoscaleSettings.from(Map.of("mlos.autoscale.start.grace.ms", " 15000 ")::get).startGraceMs());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AutoscaleSettings.parse(List.of("start.grace.ms=1m"))).getMessage()
                .contains("start.grace.ms takes a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AutoscaleSettings.parse(List.of("start.grace.ms=-1"))).getMessage()
                .contains("start.grace.ms >= 0"));
    }

    @Test
    void aGraceOfNothingAsksAtOnceAsBefore() {
        new AutoscaleLoop(List.of(CACHE), AutoscaleSettings.parse(List.of("period.ms=1000", "start.grace.ms=0")), board,
                () -> cacheNodes(1), () -> true, journal::add, "cache-1").tick(0);
        assertEquals(1, board.requests.size(), journal.toString());
    }
}
