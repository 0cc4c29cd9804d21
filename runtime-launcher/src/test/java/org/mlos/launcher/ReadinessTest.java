package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static Readiness.Waiting waiting(String name, Set<String> needs, String... provides) {
        return new Readiness.Waiting(new Readiness.Problem("component " + name, false), needs, provides);
    }

    @Test
    void componentsWaitingOnlyForWhatTheClusterJoinProvidesDoNotHoldTheNodeBack() {
        List<Readiness.Problem> problems = new ArrayList<>();
        Readiness.defer(List.of(
                waiting("commands", Set.of("org.mlos.cluster.api.Cluster", "com.hazelcast.core.HazelcastInstance"), "NodeCommand"),
                waiting("uses-commands", Set.of("NodeCommand")),                       // waits for a deferred one
                waiting("store", Set.of("com.hazelcast.core.HazelcastInstance", "Missing")), // and for something else
                waiting("other", Set.of("Missing"))),
                Set.of("org.mlos.cluster.api.Cluster", "com.hazelcast.core.HazelcastInstance"), problems);
        assertEquals(List.of("component commands deferred", "component uses-commands deferred", "component store blocks",
                "component other blocks"), describe(problems));
    }

    @Test
    void withNothingPendingEveryWaitingComponentBlocks() {
        List<Readiness.Problem> problems = new ArrayList<>();
        Readiness.defer(List.of(waiting("commands", Set.of("org.mlos.cluster.api.Cluster"))), Set.of(), problems);
        assertEquals(List.of("component commands blocks"), describe(problems));
    }

    private static List<String> describe(List<Readiness.Problem> problems) {
        List<String> out = new ArrayList<>();
        for (Readiness.Problem p : problems) {
            out.add(p.text() + (p.deferred() ? " deferred" : " blocks"));
        }
        return out;
    }
}
