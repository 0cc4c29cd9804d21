package org.mlos.cluster.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A drain or rebalance answered {@code mlos scale} once, at its end: nothing told how far a node's
 * pass had got. {@code scale progress} now answers from {@link MoveProgress}; these pin its lines
 * and that a reader racing the writer never sees a count go back or pass its total.
 */
@Timeout(60)
class MoveProgressTest {

    private static final Pattern LINE = Pattern.compile("drain pass (\\d+): (?:reading the store, ([\\d,]+) keys to move so far"
            + "|([\\d,]+)/([\\d,]+) keys sent), \\d+\\.\\d s");

    @Test
    void eachStepSaysWhereThePassIs() {
        MoveProgress p = new MoveProgress("drain");
        assertTrue(p.line().matches("drain: starting, \\d+\\.\\d s"), p.line());
        p.step("grace of 1500 ms for clients to leave this node");
        assertTrue(p.line().matches("drain: grace of 1500 ms for clients to leave this node, \\d+\\.\\d s"), p.line());
        p.reading(1);
        for (int i = 0; i < 1234; i++) {
            p.found();
        }
        assertTrue(p.line().matches("drain pass 1: reading the store, 1,234 keys to move so far, \\d+\\.\\d s"), p.line());
        p.sending(1, 1234);
        p.sent(1000);
        assertTrue(p.line().matches("drain pass 1: 1,000/1,234 keys sent, \\d+\\.\\d s"), p.line());
        p.reading(2);
        assertTrue(p.line().matches("drain pass 2: reading the store, 0 keys to move so far, \\d+\\.\\d s"), p.line());
    }

    @Test
    void readersRacingTheWriterNeverSeeACountGoBackOrPassItsTotal() throws Exception {
        MoveProgress p = new MoveProgress("drain");
        int passes = 300;
        int keys = 2_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch readersStarted = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        long[] reads = new long[4];
        for (int r = 0; r < 4; r++) {
            int me = r;
            readers.add(Thread.ofPlatform().start(() -> {
                readersStarted.countDown();
                // (pass, sending?, count): never goes back in this order
                long[] last = { 0, 0, 0 };
                while (!done.get() && failure.get() == null) {
                    String line = p.line();
                    reads[me]++;
                    Matcher m = LINE.matcher(line);
                    if (!m.matches()) {
                        if (!line.startsWith("drain: starting")) {
                            failure.compareAndSet(null, "unexpected line " + line);
                        }
                        continue;
                    }
                    long pass = Long.parseLong(m.group(1));
                    long sending = m.group(3) != null ? 1 : 0;
                    long count = Long.parseLong((sending == 1 ? m.group(3) : m.group(2)).replace(",", ""));
                    if (sending == 1 && (count > Long.parseLong(m.group(4).replace(",", ""))
                            || Long.parseLong(m.group(4).replace(",", "")) != keys)) {
                        failure.compareAndSet(null, "count past its total, or another pass's total: " + line);
                    }
                    long[] now = { pass, sending, count };
                    if (java.util.Arrays.compare(now, last) < 0) {
                        failure.compareAndSet(null, "went back: " + java.util.Arrays.toString(last) + " then " + line);
                    }
                    last = now;
                }
            }));
        }
        readersStarted.await();
        for (int pass = 1; pass <= passes; pass++) {
            p.reading(pass);
            for (int k = 0; k < keys; k++) {
                p.found();
            }
            p.sending(pass, keys);
            for (int b = 0; b < keys; b += 100) {
                p.sent(100);
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertNull(failure.get());
        assertTrue(p.line().startsWith("drain pass 300: 2,000/2,000 keys sent"), p.line());
        for (long n : reads) {
            assertTrue(n > 0, "every reader read");
        }
        assertEquals(4, readers.size());
    }
}
