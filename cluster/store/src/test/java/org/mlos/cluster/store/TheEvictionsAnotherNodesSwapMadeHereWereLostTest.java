package org.mlos.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A rolling swap of two nodes to {@code hazelcast} said 263,085 evictions where 291,458 items had
 * gone: the first node's items, moving in, evicted on both members, and the second member's store,
 * not yet serving its node, counted none (its component was activated only at its node's swap), and
 * then its node's counters, carried in after its items, replaced what it had. Each member's store
 * now counts from the node's start, and a node's swap in takes on what its member counted while
 * another store served, once: swapped out and in again, nothing is counted twice.
 */
@Timeout(120)
class TheEvictionsAnotherNodesSwapMadeHereWereLostTest {

    private static HazelcastInstance one;
    private static HazelcastInstance two;

    @BeforeAll
    static void cluster() {
        String name = "evictions-" + UUID.randomUUID();
        one = Hazelcast.newHazelcastInstance(HazelcastStoreTest.config(name));
        two = Hazelcast.newHazelcastInstance(HazelcastStoreTest.config(name));
    }

    @AfterAll
    static void stop() {
        two.shutdown();
        one.shutdown();
    }

    @Test
    void eachNodeCountsTheEvictionsOfItsMemberWhileAnotherStoreServesIt() throws Exception {
        String map = "evicting-" + UUID.randomUUID(); // 4 MB a member
        SwapKernel first = node(new HazelcastStore(one, map, 4L << 20));
        SwapKernel second = node(new HazelcastStore(two, map, 4L << 20)); // opened with its node, serving heap
        KeyValueStore firstStore = first.handle(KeyValueStore.class);
        KeyValueStore secondStore = second.handle(KeyValueStore.class);
        byte[] value = new byte[10_000];
        for (int i = 0; i < 2_000; i++) { // 20 MB
            firstStore.set("big" + i, value, 0, KeyValueStore.NEVER);
        }
        for (int i = 0; i < 10; i++) {
            secondStore.set("small" + i, new byte[10], 0, KeyValueStore.NEVER);
        }
        swap(first, "hazelcast");
        swap(second, "hazelcast");
        long gone = 2_010 - firstStore.size();
        assertTrue(gone > 1_000, "the map evicted on both members: " + gone);
        awaitCounted(firstStore, secondStore, gone);
        assertEquals(gone, firstStore.stats().evictions() + secondStore.stats().evictions(),
                "every eviction counted by one node (its member's): " + firstStore.stats().evictions() + " + "
                        + secondStore.stats().evictions());

        // Room in the map first: moved back in, the items would make it evict again, and an item it
        // evicted as another came back in can come back itself (a count no longer what is gone).
        for (int i = 0; i < 2_000; i += 2) {
            firstStore.delete("big" + i);
        }
        long counted = firstStore.stats().evictions() + secondStore.stats().evictions();
        swap(second, "heap"); // its counters go with its items, and come back
        swap(second, "hazelcast");
        assertEquals(counted, firstStore.stats().evictions() + secondStore.stats().evictions(),
                "swapped out and in again, with nothing evicted meanwhile: each eviction still counted once");
    }

    /** A cluster swap that evicted 214,620 items said COMPLETED and nothing else: the node's swap notes them. */
    @Test
    void aSwapIntoTheMapThatEvictedSaysSoInItsNote() {
        String map = "evicting-" + UUID.randomUUID();
        SwapKernel node = node(new HazelcastStore(one, map, 4L << 20));
        new HazelcastStore(two, map, 4L << 20); // the other member, its node serving heap
        KeyValueStore store = node.handle(KeyValueStore.class);
        for (int i = 0; i < 2_000; i++) { // 20 MB into 4 MB a member
            store.set("big" + i, new byte[10_000], 0, KeyValueStore.NEVER);
        }
        SwapReport r = node.swap("KeyValueStore", "hazelcast");
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertTrue(r.reason() != null && r.reason().startsWith("the shared map evicted ")
                && r.reason().contains("give every node a larger -m"), r.toLine());
    }

    private static SwapKernel node(HazelcastStore shared) {
        SwapKernel node = new SwapKernel();
        node.install(KeyValueStore.class, "heap", new HeapStore(64 << 20), 0);
        node.install(KeyValueStore.class, "hazelcast", shared, 0);
        return node;
    }

    private static void swap(SwapKernel node, String to) {
        SwapReport r = node.swap("KeyValueStore", to);
        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
    }

    /** The members' eviction events arrive asynchronously: bounded by looks, not by a time window. */
    private static void awaitCounted(KeyValueStore a, KeyValueStore b, long gone) throws InterruptedException {
        for (int i = 0; i < 3_000 && a.stats().evictions() + b.stats().evictions() < gone; i++) {
            Thread.sleep(10);
        }
    }
}
