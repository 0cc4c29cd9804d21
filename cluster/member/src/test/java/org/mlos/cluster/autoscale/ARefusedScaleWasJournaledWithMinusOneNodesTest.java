package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An outsider's journal read {@code result=refused nodes=-1->-1}: a refused or failed scale knows no counts. */
class ARefusedScaleWasJournaledWithMinusOneNodesTest {

    @Test
    void aRefusedScaleSaysNoNodeCount() {
        assertEquals("result=refused moved=0 ms=3 detail=\"a manual scale of cache runs\"",
                new ScaleOutcome("r", "cache", ScaleOutcome.REFUSED, -1, -1, 0, 3, "a manual scale of cache runs", 9).line());
    }

    @Test
    void aDoneScaleSaysItsCounts() {
        assertEquals("result=done nodes=1->2 moved=10 ms=3",
                new ScaleOutcome("r", "cache", ScaleOutcome.DONE, 1, 2, 10, 3, "", 9).line());
    }
}
