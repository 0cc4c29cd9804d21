package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.scale.NodeLoad;

class ScalePolicyTest {

    private static final AutoscaleRule CACHE = new AutoscaleRule("cache", 1, 3);
    private final ScalePolicy policy = new ScalePolicy(AutoscaleSettings.parse(List.of("high.ops=1000", "low.ops=100",
            "samples=3", "cooldown.ms=5000")));

    private static List<NodeLoad> nodes(int n, double opsEach) {
        return nodes(n, opsEach, 0);
    }

    static List<NodeLoad> nodes(int n, double opsEach, long queueEach) {
        List<NodeLoad> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new NodeLoad("id" + i, "cache", 100 + i, "serving", 0.1, opsEach, 0, queueEach,
                    java.util.Map.of("memcached", queueEach), false, 0));
        }
        return out;
    }

    @Test
    void outOnlyAfterARunOfHighSamples() {
        assertEquals(0, policy.decide(CACHE, nodes(1, 5000), 0).change());
        assertEquals(0, policy.decide(CACHE, nodes(1, 5000), 1000).change());
        ScalePolicy.Decision d = policy.decide(CACHE, nodes(1, 5000), 2000);
        assertEquals(1, d.change());
        assertTrue(d.line().contains("mean_ops=5000.0") && d.line().contains("nodes=1->2"), d.line());
    }

    /**
     * An idle cluster at its minimum held with reasons "low 4/3", "low 5/3"… without end: each
     * reason new, so the loop journaled every hold, one line a second.
     */
    @Test
    void aRunAtItsBoundHoldsWithTheSameReasonEveryPeriod() {
        List<String> reasons = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            ScalePolicy.Decision d = policy.decide(CACHE, nodes(1, 5), t * 1000L);
            assertEquals(0, d.change(), d.line());
            reasons.add(d.reason());
        }
        assertEquals(List.of("low 1/3", "low 2/3"), reasons.subList(0, 2));
        assertEquals(java.util.Collections.nCopies(8, "low, at the minimum 1"), reasons.subList(2, 10));
        for (int t = 10; t < 20; t++) {
            reasons.add(policy.decide(CACHE, nodes(3, 5000), t * 1000L).reason());
        }
        assertEquals("high, at the maximum 3", reasons.get(reasons.size() - 1));
    }

    @Test
    void aSingleQuietSampleBreaksTheRun() {
        policy.decide(CACHE, nodes(1, 5000), 0);
        policy.decide(CACHE, nodes(1, 5000), 1000);
        assertEquals(0, policy.decide(CACHE, nodes(1, 500), 2000).change());
        assertEquals(0, policy.decide(CACHE, nodes(1, 5000), 3000).change());
    }

    @Test
    void coolDownHoldsTheNextChange() {
        for (int t = 0; t < 3; t++) {
            policy.decide(CACHE, nodes(1, 5000), t * 1000L);
        }
        for (int t = 3; t < 6; t++) {
            ScalePolicy.Decision d = policy.decide(CACHE, nodes(2, 5000), t * 1000L);
            assertEquals(0, d.change(), d.line());
        }
        assertTrue(policy.decide(CACHE, nodes(2, 5000), 5000).reason().contains("cooling"));
        assertEquals(1, policy.decide(CACHE, nodes(2, 5000), 7100).change());
    }

    @Test
    void neverBeyondTheBounds() {
        for (int t = 0; t < 10; t++) {
            assertEquals(0, policy.decide(CACHE, nodes(3, 9000), t * 10_000L).change());
        }
        ScalePolicy fresh = new ScalePolicy(policy.settings());
        for (int t = 0; t < 10; t++) {
            assertEquals(0, fresh.decide(CACHE, nodes(1, 0), t * 10_000L).change());
        }
        assertEquals(1, fresh.decide(CACHE, nodes(0, 0), 0).change(), "below min: back at once");
        assertEquals(-2, fresh.decide(CACHE, nodes(5, 0), 100_000).change(), "above max: back at once");
    }

    @Test
    void inAfterLowSamplesButNotWhenTheRestWouldBeHigh() {
        for (int t = 0; t < 2; t++) {
            assertEquals(0, policy.decide(CACHE, nodes(2, 50), t * 1000L).change());
        }
        assertEquals(-1, policy.decide(CACHE, nodes(2, 50), 2000).change());
        // two nodes at 90 each: low, and one node would carry 180 < 1000: in
        // three nodes at 99 but high.ops 150 for two: hold
        ScalePolicy tight = new ScalePolicy(AutoscaleSettings.parse(List.of("high.ops=140", "low.ops=100", "samples=1")));
        ScalePolicy.Decision d = tight.decide(CACHE, nodes(3, 99), 0);
        assertEquals(0, d.change());
        assertTrue(d.reason().contains("would be above high.ops"), d.reason());
    }

    /** Load up then down: the count follows within the bounds, one change per run of samples, no flapping. */
    @Test
    void theNodeCountFollowsLoadUpAndDown() {
        int n = 1;
        long t = 0;
        List<Integer> counts = new ArrayList<>();
        double total = 6000; // ops/s the clients make, shared by the nodes
        for (int i = 0; i < 40; i++, t += 1000) {
            n += policy.decide(CACHE, nodes(n, total / n), t).change();
            counts.add(n);
        }
        assertEquals(3, n, "up to max under load: " + counts);
        total = 30;
        for (int i = 0; i < 40; i++, t += 1000) {
            n += policy.decide(CACHE, nodes(n, total / n), t).change();
            counts.add(n);
        }
        assertEquals(1, n, "down to min when quiet: " + counts);
        int changes = 0;
        for (int i = 1; i < counts.size(); i++) {
            changes += counts.get(i).equals(counts.get(i - 1)) ? 0 : 1;
        }
        assertEquals(4, changes, "two out, two in, nothing more: " + counts);
    }

    /** Queue depth alone drives a change: ops and CPU are low, the queues are long. */
    @Test
    void aLongQueueScalesOutThoughOpsAndCpuAreLow() {
        ScalePolicy q = new ScalePolicy(AutoscaleSettings.parse(List.of("high.ops=1000", "low.ops=100", "high.queue=50",
                "low.queue=5", "samples=2", "cooldown.ms=0")));
        assertEquals(0, q.decide(CACHE, nodes(1, 10, 80), 0).change());
        ScalePolicy.Decision d = q.decide(CACHE, nodes(1, 10, 80), 1000);
        assertEquals(1, d.change(), d.line());
        assertTrue(d.line().contains("mean_queue=80.0") && d.reason().contains("high.queue=50"), d.line());
    }

    /** Ops are low, but a queue above low.queue is not quiet: no scale-in. */
    @Test
    void aQueueAboveTheLowThresholdHoldsScaleIn() {
        ScalePolicy q = new ScalePolicy(AutoscaleSettings.parse(List.of("high.ops=1000", "low.ops=100", "high.queue=50",
                "low.queue=5", "samples=2", "cooldown.ms=0")));
        for (int t = 0; t < 5; t++) {
            ScalePolicy.Decision d = q.decide(CACHE, nodes(2, 10, 20), t * 1000L);
            assertEquals(0, d.change(), d.line());
            assertTrue(d.reason().equals("within thresholds"), d.line());
        }
        assertEquals(-1, q.decide(CACHE, nodes(2, 10, 1), 5000).change() + q.decide(CACHE, nodes(2, 10, 1), 6000).change());
    }

    /** Two nodes each at 30 queued, high.queue 50: one node would hold 60, so they stay. */
    @Test
    void scaleInIsHeldWhenTheRestWouldQueueAboveHigh() {
        ScalePolicy q = new ScalePolicy(AutoscaleSettings.parse(List.of("high.ops=1000", "low.ops=100", "high.queue=50",
                "low.queue=40", "samples=1", "cooldown.ms=0")));
        ScalePolicy.Decision d = q.decide(CACHE, nodes(2, 10, 30), 0);
        assertEquals(0, d.change(), d.line());
        assertTrue(d.reason().contains("would be above high.queue"), d.line());
    }

    /** The cool-down counts from when a change ended, not only from when it was decided. */
    @Test
    void coolDownCountsFromTheEndOfAChange() {
        ScalePolicy p = new ScalePolicy(AutoscaleSettings.parse(List.of("high.ops=1000", "low.ops=100", "samples=1",
                "cooldown.ms=5000")));
        assertEquals(1, p.decide(CACHE, nodes(1, 5000), 0).change());
        p.changeEnded("cache", 20_000); // the change took 20 s
        assertTrue(p.decide(CACHE, nodes(2, 5000), 21_000).reason().contains("cooling"));
        assertEquals(1, p.decide(CACHE, nodes(2, 5000), 25_001).change());
    }
}
