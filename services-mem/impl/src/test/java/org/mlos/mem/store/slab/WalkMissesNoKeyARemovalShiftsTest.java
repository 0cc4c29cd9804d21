package org.mlos.mem.store.slab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;

/**
 * A removal from the slab store's index shifts later entries of its run back into the hole; a walk
 * of the live table (a live swap's copy, a key dump, the crawler) that had passed the hole missed
 * such an entry, though its key was present throughout. Found in review once the crawler removed
 * items part by part while a swap copied the store: the copy missed keys no replayed call had
 * touched. Walks now read each table from a copy taken under its lock.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WalkMissesNoKeyARemovalShiftsTest {

    @Test
    void everyKeyPresentThroughoutIsListedWhileOthersComeAndGo() throws Exception {
        SlabStore st = new SlabStore(64L << 20);
        int keys = 40_000;
        for (int i = 0; i < keys; i++) {
            st.set("k" + i, new byte[8], 0, KeyValueStore.NEVER);
        }
        for (int round = 0; round < 5; round++) {
            java.util.concurrent.atomic.AtomicBoolean walking = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread churn = new Thread(() -> { // the odd keys deleted and set again while the walk runs: their runs shift
                while (walking.get()) {
                    for (int i = 1; i < keys; i += 2) {
                        st.delete("k" + i);
                    }
                    for (int i = 1; i < keys; i += 2) {
                        st.set("k" + i, new byte[8], 0, KeyValueStore.NEVER);
                    }
                }
            });
            churn.start();
            Set<String> listed = new HashSet<>();
            st.forEachItem(e -> {
                listed.add(e.key());
                for (int spin = 0; spin < 50; spin++) {
                    Thread.onSpinWait(); // a slower walk: more removals land while it runs
                }
            });
            walking.set(false);
            churn.join();
            int missed = 0;
            for (int i = 0; i < keys; i += 2) {
                if (!listed.contains("k" + i)) {
                    missed++;
                }
            }
            assertEquals(0, missed, "round " + round + ": even keys, present throughout the walk, not listed");
            assertTrue(listed.size() >= keys / 2, listed.size() + " listed");
        }
    }
}
