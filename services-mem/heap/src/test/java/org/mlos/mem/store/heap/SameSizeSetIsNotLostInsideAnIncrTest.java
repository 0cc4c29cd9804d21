package org.mlos.mem.store.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/**
 * A set whose value has the size of the one it replaces takes only the item's lock, not the
 * segment's; an incr (like cas, append, touch, delete) reads the item under the segment's lock and
 * writes on what it read. Such a set landing between that read and that write was lost: the incr
 * wrote the old number plus one over it, and the set's value was gone although the set had
 * returned before the next incr began.
 *
 * <p>One thread sets the key to ever larger round numbers, another increments it: an incr that
 * begins after a set has returned must count up from that set's number or a later one. Bounded by
 * counts; every value has the same size on the heap (9 to 16 digits), so every set can take the
 * item's lock alone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SameSizeSetIsNotLostInsideAnIncrTest {

    private static final long STEP = 1_000_000_000L;

    @Test
    void anIncrNeverCountsOnFromANumberASetReplacedBeforeItBegan() throws Exception {
        HeapStore st = new HeapStore(64L << 20);
        String key = "counter";
        st.set(key, text(STEP), 0, KeyValueStore.NEVER);
        int sets = 20_000;
        int incrs = 200_000;
        AtomicLong clock = new AtomicLong();
        long[] setNumber = new long[sets + 1];
        long[] setDoneAt = new long[sets + 1];
        long[] incrBeganAt = new long[incrs];
        long[] incrResult = new long[incrs];
        Thread setter = Thread.ofPlatform().start(() -> {
            for (int j = 1; j <= sets; j++) {
                long n = (j + 1) * STEP;
                st.set(key, text(n), 0, KeyValueStore.NEVER);
                setNumber[j] = n;
                setDoneAt[j] = clock.incrementAndGet();
            }
        });
        Thread incrementer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < incrs; i++) {
                incrBeganAt[i] = clock.incrementAndGet();
                Counter c = st.increment(key, 1);
                incrResult[i] = c == null ? -1 : c.value();
            }
        });
        setter.join();
        incrementer.join();

        int j = 0; // the last set done before incr i began
        int lost = 0;
        String first = null;
        for (int i = 0; i < incrs; i++) {
            while (j < sets && setDoneAt[j + 1] < incrBeganAt[i]) {
                j++;
            }
            long floor = j == 0 ? STEP : setNumber[j];
            if (incrResult[i] <= floor) {
                lost++;
                if (first == null) {
                    first = "incr " + i + " returned " + incrResult[i] + ", but the set of " + floor
                            + " had returned before it began";
                }
            }
        }
        assertEquals(0, lost, lost + " incrs counted on from a number a finished set had replaced; first: " + first);
        StoreEntry last = st.get(key);
        assertNotNull(last);
        assertTrue(Long.parseLong(new String(last.value(), StandardCharsets.US_ASCII)) > setNumber[sets]);
    }

    private static byte[] text(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
