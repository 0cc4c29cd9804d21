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

    /**
     * A front node printed its ready line while its memcached server, satisfied at last, was still
     * in its activate method on another thread: the line had no memcached endpoint and the port
     * opened just after it.
     */
    @Test
    void anImmediateComponentStillActivatingHoldsTheNodeBack() throws Exception {
        org.osgi.service.component.runtime.dto.ComponentDescriptionDTO desc =
                new org.osgi.service.component.runtime.dto.ComponentDescriptionDTO();
        desc.name = "org.mlos.net.memcached.server.MemcachedServer";
        desc.immediate = true;
        org.osgi.service.component.runtime.dto.ComponentConfigurationDTO config =
                new org.osgi.service.component.runtime.dto.ComponentConfigurationDTO();
        config.state = org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED;
        Readiness.Problem p = Readiness.problem(desc, config);
        org.junit.jupiter.api.Assertions.assertNotNull(p);
        org.junit.jupiter.api.Assertions.assertTrue(p.text().contains("is activating"), p.text());
        org.junit.jupiter.api.Assertions.assertFalse(p.fatal() || p.deferred());

        config.state = org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE;
        org.junit.jupiter.api.Assertions.assertNull(Readiness.problem(desc, config));
        desc.immediate = false; // a delayed component stays SATISFIED until first used: ready
        config.state = org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED;
        org.junit.jupiter.api.Assertions.assertNull(Readiness.problem(desc, config));
    }
}
