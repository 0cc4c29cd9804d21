package org.mlos.cluster.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;

/**
 * An outsider's rollout went to every node of the profile at once ("0/2 nodes done, 2 in
 * flight"): each node's kinds paused together, and a version that failed failed on all of them.
 * By default each node is asked once the one before it took the update, and the first that does
 * not stops the rollout, the others not asked.
 */
class EveryNodeOfAProfileTookABadVersionAtOnceTest {

    private static TaskResult answer(TaskOutcome o) {
        return new TaskResult(o, 5, o.ok() ? null : "it does not start", null);
    }

    @Test
    void theNodesAreAskedInTurnAndAllTakeIt() {
        List<String> asked = new ArrayList<>();
        List<Integer> told = new ArrayList<>();
        List<RolloutReport.NodeResult> r = Rollouts.oneAtATime(List.of("a", "b", "c"), id -> {
            assertEquals(asked.size(), told.size(), "each asked once the one before it was told");
            asked.add(id);
            return answer(TaskOutcome.UPDATED);
        }, (i, result) -> told.add(i));
        assertEquals(List.of("a", "b", "c"), asked);
        assertEquals(List.of(0, 1, 2), told);
        assertTrue(r.stream().allMatch(n -> n.outcome().equals("UPDATED")), r.toString());
    }

    @Test
    void theFirstNodeThatDoesNotTakeItStopsTheRollout() {
        Map<String, TaskOutcome> outcomes = Map.of("a", TaskOutcome.UPDATED, "b", TaskOutcome.FAILED, "c", TaskOutcome.UPDATED);
        List<String> asked = new ArrayList<>();
        List<RolloutReport.NodeResult> r = Rollouts.oneAtATime(List.of("a", "b", "c"), id -> {
            asked.add(id);
            return answer(outcomes.get(id));
        }, (i, result) -> { });
        assertEquals(List.of("a", "b"), asked, "c keeps its version");
        assertEquals(List.of("UPDATED", "FAILED", Rollouts.SKIPPED), r.stream().map(RolloutReport.NodeResult::outcome).toList());
        assertTrue(r.get(2).reason().startsWith("not asked: node b answered FAILED"), r.get(2).reason());
        assertEquals("FAILED", new RolloutReport("x", "1", "sha", "p", 1, r).outcome());
    }

    @Test
    void aRolloutTheFirstNodeRefusedIsRefused() {
        List<RolloutReport.NodeResult> r = Rollouts.oneAtATime(List.of("a", "b"), id -> answer(TaskOutcome.REFUSED),
                (i, result) -> { });
        assertEquals(List.of("REFUSED", Rollouts.SKIPPED), r.stream().map(RolloutReport.NodeResult::outcome).toList());
        assertEquals("REFUSED", new RolloutReport("x", "1", "sha", "p", 1, r).outcome(), "nothing changed anywhere");
    }
}
