package org.mlos.sched.loops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A timer added while its loop was between looking at its timers and parking never woke the loop:
 * the loop parked with no deadline and the timer ran only when other work came (a contract test
 * failed that way on a busy machine). Each timer here is scheduled the moment the previous one
 * ran, which is exactly when its loop is on its way to park.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimerAddedWhileLoopGoesIdleTest {

    @Test
    void everyTimerRunsAlthoughItsLoopWasGoingToPark() throws Exception {
        LoopsScheduler s = new LoopsScheduler(2);
        try {
            for (int i = 0; i < 2_000; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                s.schedule(ran::countDown, 1, TimeUnit.MILLISECONDS);
                int n = i;
                assertTrue(ran.await(10, TimeUnit.SECONDS), () -> "timer " + n + " never ran");
            }
        } finally {
            s.retired();
        }
    }
}
