package org.mlos.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The concurrency tests' runner must run every thread once and let no thread's failure pass unseen. */
class ConcurrentlyTest {

    @Test
    void everyThreadRunsOnceAndAllHaveEndedWhenItReturns() throws Exception {
        ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        Concurrently.run(6, t -> {
            Thread.sleep(10 * t); // the last to start ends last: run must wait for it
            runs.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet();
        });
        assertEquals(6, runs.size(), runs.toString());
        runs.forEach((t, n) -> assertEquals(1, n.get(), "thread " + t));
    }

    @Test
    void aThreadThatThrowsFailsTheRunWithWhatItThrew() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> Concurrently.run(4, t -> {
            if (t == 2) {
                throw new IllegalStateException("thread two saw a lost update");
            }
        }));
        assertTrue(failed.getMessage().contains("1 thread(s) failed") && failed.getMessage().contains("thread two saw a lost update"),
                failed.getMessage());
        assertEquals(1, failed.getSuppressed().length, "the failure itself, with its stack trace");
        assertTrue(failed.getSuppressed()[0] instanceof IllegalStateException, failed.getSuppressed()[0].toString());
    }
}
