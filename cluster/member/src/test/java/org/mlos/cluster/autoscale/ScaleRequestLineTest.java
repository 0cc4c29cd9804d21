package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The line the supervisor reads carries the node count the decision wanted: with it the supervisor
 * sees that a node it is restarting already makes the count (it used to add one beside it).
 */
class ScaleRequestLineTest {

    @Test
    void theLineSaysTheCountTheDecisionWantedWhenItsLineHasIt() {
        assertEquals("request id=r profile=cache change=+1 at=7 to=2", new ScaleRequest("r", "cache", 1,
                "decision profile=cache change=+1 nodes=1->2 mean_ops=0.0 reason=\"below the minimum 2\"", "n", 7).line());
        assertEquals("request id=r profile=cache change=-1 at=7", new ScaleRequest("r", "cache", -1, "decision", "n", 7).line());
    }
}
