package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testing.Concurrently;
import org.mlos.mem.api.StoreEntry;

/**
 * What the get and set paths' shortcuts must not break: a read copies a small chunk whole before
 * it knows the item's lengths (so the lengths come from the copy, and must come from the same
 * write as the bytes), and a thread's writer scratch keeps what its last probe saw across stores
 * (so a stale class or page of one store must never be written for another).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlabFastPathTest {

    /**
     * Writers rewrite few keys in place at lengths that change by a few bytes each write (one
     * class, so the chunk is rewritten under the readers, its header's lengths changing); readers
     * check that the length handed over is the one the bytes were written with, and that every
     * byte comes from that one write.
     */
    @Test
    void wholeChunkReadsOfKeysRewrittenInPlaceAtChangingLengthsNeverMixTwoWrites() throws Exception {
        SlabStore st = new SlabStore(8L << 20);
        int keys = 16;
        for (int k = 0; k < keys; k++) {
            st.set("k" + k, SlabInPlaceReplaceTest.versioned(k, 0, lengthOf(k, 0)), 0, 0);
        }
        int[] chunks = new int[keys];
        for (int k = 0; k < keys; k++) {
            chunks[k] = st.chunkOf("k" + k);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writersLeft = new AtomicInteger(2);
        AtomicLong hits = new AtomicLong();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        Concurrently.run(6, t -> {
            SplittableRandom rnd = new SplittableRandom(t);
            try {
                if (t < 2) {
                    for (int i = 1; i <= 150_000; i++) {
                        int k = rnd.nextInt(keys);
                        st.set("k" + k, SlabInPlaceReplaceTest.versioned(k, i, lengthOf(k, i)), i, 0);
                    }
                } else {
                    for (int i = 0; writing.get() || i < 50_000; i++) {
                        int k = rnd.nextInt(keys);
                        st.read("k" + k, (bytes, offset, length, flags, cas) -> {
                            hits.incrementAndGet();
                            if (length != lengthOf(k, flags)
                                    || !SlabInPlaceReplaceTest.validVersioned(k, bytes, offset, length)) {
                                bad.add("k" + k + " version=" + flags + " length=" + length);
                            }
                        });
                    }
                }
            } finally {
                if (t < 2 && writersLeft.decrementAndGet() == 0) {
                    writing.set(false);
                }
            }
        });
        assertTrue(bad.isEmpty(), () -> bad.size() + " reads mixing two writes, e.g. " + bad.peek());
        assertTrue(hits.get() > 10_000, "the readers should have found items: " + hits.get());
        for (int k = 0; k < keys; k++) {
            assertEquals(chunks[k], st.chunkOf("k" + k), "k" + k + " should have been rewritten in place throughout");
        }
    }

    /** Between 400 and 407 bytes, one class: the length a write of version {@code v} of key {@code k} has. */
    private static int lengthOf(int k, int v) {
        return 400 + Math.floorMod(k * 7 + v, 8);
    }

    /**
     * One thread sets the same keys in two stores in turn, so that its writer scratch last saw
     * the other store's chunk at the same reference and class on every set: each store must keep
     * its own values, and a value written to one store's chunk must never land in the other's.
     */
    @Test
    void aThreadSettingTwoStoresInTurnRewritesEachInItsOwnMemory() {
        SlabStore a = new SlabStore(4L << 20);
        SlabStore b = new SlabStore(4L << 20);
        int keys = 200;
        Set<Long> uniques = new HashSet<>();
        for (int round = 0; round < 50; round++) {
            for (int k = 0; k < keys; k++) {
                String key = "k" + k;
                assertTrue(uniques.add(a.set(key, SlabInPlaceReplaceTest.versioned(k, 2 * round, 120), 1, 0)));
                b.set(key, SlabInPlaceReplaceTest.versioned(k, 2 * round + 1, 120), 2, 0);
            }
        }
        for (int k = 0; k < keys; k++) {
            String key = "k" + k;
            assertEquals(a.chunkOf(key), b.chunkOf(key), "both stores should keep the key at one reference");
            StoreEntry ea = a.get(key);
            StoreEntry eb = b.get(key);
            assertArrayEquals(SlabInPlaceReplaceTest.versioned(k, 98, 120), ea.value(), key + " in the first store");
            assertArrayEquals(SlabInPlaceReplaceTest.versioned(k, 99, 120), eb.value(), key + " in the second store");
            assertEquals(List.of(1, 2), List.of(ea.flags(), eb.flags()), key);
        }
    }
}
