package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.scale.NodeLoad;

/**
 * The autoscaler component's loop, fed fake loads as the registry would give them: it decides
 * only while it leads, asks for a change with a request carrying the decision's figures, decides
 * nothing more for the profile while the request is pending, journals every decision and the
 * outcome, counts the cool-down from the outcome, and withdraws a request nobody carried out.
 */
class AutoscaleLoopTest {

    private static final AutoscaleRule CACHE = new AutoscaleRule("cache", 1, 3);
    private static final AutoscaleSettings SETTINGS = AutoscaleSettings.parse(List.of("high.ops=1000", "low.ops=100",
            "high.queue=50", "low.queue=5", "samples=2", "cooldown.ms=3000", "period.ms=1000", "request.timeout.ms=10000"));

    /** The cluster's request maps, in memory. */
    static final class MemoryBoard implements RequestBoard {
        final Map<String, ScaleRequest> requests = new LinkedHashMap<>();
        final Map<String, ScaleOutcome> outcomes = new LinkedHashMap<>();

        @Override
        public void submit(ScaleRequest r) {
            requests.put(r.id(), r);
        }

        @Override
        public List<ScaleRequest> pending() {
            return new ArrayList<>(requests.values());
        }

        @Override
        public List<ScaleOutcome> outcomes() {
            return new ArrayList<>(outcomes.values());
        }

        @Override
        public boolean report(ScaleOutcome o) {
            outcomes.put(o.id(), o);
            return requests.remove(o.id()) != null;
        }

        @Override
        public void taken(String id) {
            outcomes.remove(id);
        }

        @Override
        public boolean withdraw(String id) {
            return requests.remove(id) != null;
        }
    }

    private final MemoryBoard board = new MemoryBoard();
    private final List<String> journal = new ArrayList<>();
    private final AtomicBoolean mayLead = new AtomicBoolean(true);
    private List<NodeLoad> loads = List.of();
    private final AutoscaleLoop loop = new AutoscaleLoop(List.of(CACHE), SETTINGS, board, () -> loads,
            mayLead::get, journal::add, "node-a");

    private static NodeLoad node(int i, String state, double ops, long queue) {
        return new NodeLoad("id" + i, "cache", 100 + i, state, 0.1, ops, 1000, queue, Map.of("memcached", queue), false, 0);
    }

    private static List<NodeLoad> serving(int n, double ops, long queue) {
        List<NodeLoad> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(node(i, NodeLoad.SERVING, ops, queue));
        }
        return out;
    }

    @Test
    void aFollowerDecidesNothing() {
        mayLead.set(false);
        loads = serving(1, 5000, 0);
        for (int t = 0; t < 5; t++) {
            loop.tick(t * 1000L);
        }
        assertTrue(journal.isEmpty(), journal.toString());
        assertTrue(board.requests.isEmpty());
        mayLead.set(true); // the leader left: this one takes over
        loop.tick(5000);
        assertTrue(journal.get(0).startsWith("leads node=node-a rules=[cache=1..3]"), journal.toString());
    }

    @Test
    void highLoadAsksForANodeWithTheFiguresAndWaitsForTheOutcome() {
        loads = serving(1, 5000, 3);
        loop.tick(0);
        loop.tick(1000);
        assertEquals(1, board.requests.size(), journal.toString());
        ScaleRequest r = board.requests.values().iterator().next();
        assertEquals("cache", r.profile());
        assertEquals(1, r.change());
        assertEquals("node-a", r.requester());
        String asked = journal.get(journal.size() - 1);
        assertTrue(asked.contains("change=+1 nodes=1->2 mean_ops=5000.0") && asked.contains("mean_queue=3.0")
                && asked.contains("figures=[ pid=100 ops=5000.0 cpu=0.100 queue=3 ]") && asked.contains("request=" + r.id()),
                asked);
        int lines = journal.size();
        for (int t = 2; t < 6; t++) {
            loop.tick(t * 1000L); // pending: no decision for cache
        }
        assertEquals(lines, journal.size(), "no decision while the request is pending: " + journal);
        assertEquals(1, board.requests.size());

        board.report(new ScaleOutcome(r.id(), "cache", ScaleOutcome.DONE, 1, 2, 1234, 4000, "", 6000));
        loads = serving(2, 5000, 3);
        loop.tick(6000);
        String outcome = journal.stream().filter(l -> l.startsWith("outcome ")).findFirst().orElseThrow();
        assertTrue(outcome.contains("id=" + r.id() + " profile=cache change=+1 result=done nodes=1->2 moved=1234 ms=4000"),
                outcome);
        assertTrue(board.outcomes.isEmpty(), "the outcome is taken once journaled");
        loop.tick(7000);
        assertTrue(journal.get(journal.size() - 1).contains("cooling down"), "cool-down from the outcome: " + journal);
        loop.tick(9100);
        assertEquals(1, board.requests.size(), "after the cool-down, high again: " + journal);
    }

    @Test
    void aLongQueueAsksForANodeAndQuietAsksForOneLess() {
        loads = serving(1, 10, 400);
        loop.tick(0);
        loop.tick(1000);
        ScaleRequest out = board.requests.values().iterator().next();
        assertEquals(1, out.change(), journal.toString());
        assertTrue(out.decision().contains("mean_queue=400.0"), out.decision());
        board.report(new ScaleOutcome(out.id(), "cache", ScaleOutcome.DONE, 1, 2, 0, 10, "", 1500));
        loads = serving(2, 10, 0);
        for (long t = 2000; board.requests.isEmpty() && t < 20_000; t += 1000) {
            loop.tick(t);
        }
        ScaleRequest in = board.requests.values().iterator().next();
        assertEquals(-1, in.change(), journal.toString());
    }

    @Test
    void anIdleClusterJournalsAHoldWhenItsReasonChangesAndOtherwiseOnceEverySixty() {
        loads = serving(1, 500, 10); // within thresholds: a hold every period
        for (int t = 0; t < 200; t++) {
            loop.tick(t * 1000L);
        }
        List<String> holds = journal.stream().filter(l -> l.startsWith("decision ")).toList();
        // the first, then one per 60 unchanged holds: ticks 0, 60, 120, 180
        assertEquals(4, holds.size(), journal.toString());
        assertTrue(holds.get(1).endsWith("unchanged_holds_since=59"), holds.get(1));
        assertEquals(200, loop.status().decisions(), "every hold is still a decision: " + loop.status());
        loads = serving(1, 5000, 0); // high: the reason changes at once
        loop.tick(200_000);
        assertTrue(journal.get(journal.size() - 1).contains("reason=\"high 1/2\""), journal.toString());
    }

    @Test
    void onlyServingNodesOfTheProfileCount() {
        List<NodeLoad> l = new ArrayList<>(serving(1, 5000, 0));
        l.add(node(7, NodeLoad.DRAINING, 0, 0));
        l.add(node(8, NodeLoad.JOINING, 0, 0));
        l.add(new NodeLoad("w", "worker", 300, NodeLoad.SERVING, 0.1, 0, -1, 0, Map.of("sched", 0L), false, 0));
        loads = l;
        loop.tick(0);
        assertTrue(journal.get(1).contains("nodes=1->1"), journal.toString());
        assertFalse(journal.get(1).contains("pid=300") || journal.get(1).contains("pid=107"), journal.get(1));
    }

    @Test
    void aRequestNobodyCarriesOutIsWithdrawnAndSaidSo() {
        loads = serving(1, 5000, 0);
        loop.tick(0);
        loop.tick(1000);
        assertEquals(1, board.requests.size());
        loop.tick(5000);
        assertEquals(1, board.requests.size(), "within request.timeout.ms it waits");
        loop.tick(11_001);
        assertTrue(board.requests.isEmpty());
        assertTrue(journal.stream().anyMatch(x -> x.startsWith("request-withdrawn") && x.contains("supervisor")),
                journal.toString());
    }

    @Test
    void outcomeArgumentsAreReadOrRefusedSayingWhy() {
        ScaleOutcome o = OutcomeArgs.parse(List.of("id1", "cache", "refused", "a", "scale", "is", "under", "way"));
        assertEquals("refused", o.result());
        assertEquals("a scale is under way", o.detail());
        ScaleOutcome d = OutcomeArgs.parse(List.of("id2", "cache", "done", "before=1", "after=2", "moved=10", "ms=99"));
        assertEquals(2, d.after());
        assertEquals(10, d.moved());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutcomeArgs.parse(List.of("id3", "cache", "maybe"))).getMessage().contains("done, failed, refused"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutcomeArgs.parse(List.of("id3", "cache", "done", "moved=x"))).getMessage().contains("whole number"));
    }

    @Test
    void requestsAndOutcomesTravelInTheWireFormat() {
        ScaleRequest r = new ScaleRequest("id", "cache", -1, "decision profile=cache change=-1", "node-a", 42);
        assertEquals(r, ScaleRequest.decode(r.encode()));
        ScaleOutcome o = new ScaleOutcome("id", "cache", "done", 2, 1, 77, 1200, "drained", 43);
        assertEquals(o, ScaleOutcome.decode(o.encode()));
    }
}
