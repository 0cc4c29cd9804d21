package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A rollout on a store node restarted the bundle of an implementation it hosted for a cache node
 * ({@code heap@store}): the host kept the instance, and the cache node's calls ran on a
 * deactivated component. Ended with its implementation, the caller's next call finds no instance
 * and is lost as from a lost host, resendable (it did not run), so the caller fails over.
 */
class AHostedInstanceOutlivedItsImplementationTest {

    @Test
    void theInstancesOfAnImplementationThatWentAreEndedAndTheirCallersToldTheyDidNotRun() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(1 << 20), RemoteSettings.DEFAULTS)) {
            KeyValueStore ended = f.client.bind(KeyValueStore.class, "heap", f.peer);
            KeyValueStore kept = f.client.bind(KeyValueStore.class, "heap", f.peer);
            ended.set("a", new byte[] {1}, 0, 0);
            kept.set("b", new byte[] {2}, 0, 0);
            assertEquals(2, f.server.instances().size());
            RemoteServer.Hosted first = f.server.instances().values().stream()
                    .filter(h -> ((KeyValueStore) h.dispatcher().target()).get("a") != null).findFirst().orElseThrow();

            assertEquals(1, f.server.endHosted(d -> d == first.dispatcher(), "its implementation heap went"));

            assertEquals(1, f.closed.get(), "released to the hosting");
            assertEquals(1, f.server.instances().size());
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> ended.get("a"));
            assertEquals(RemoteCallException.Failure.NODE_LOST, e.failure());
            assertTrue(e.getMessage().contains("no hosted instance"), e.getMessage());
            assertEquals(2, kept.get("b").value()[0], "the other instance serves on");
        }
    }
}
