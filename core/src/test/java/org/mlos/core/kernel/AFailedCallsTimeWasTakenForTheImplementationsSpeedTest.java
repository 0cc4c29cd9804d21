package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.CallFigures;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * The call figures had one time for all calls, so a probation judging an implementation's speed
 * took a refusal's time (a full disk's fault handling, a lost node's timeout) for it. The time of
 * outermost calls that threw is told apart ({@link CallFigures#failureNanos()}); a call that
 * caught a failure of a call it made through the handle returned, and its time is not a failure's.
 */
class AFailedCallsTimeWasTakenForTheImplementationsSpeedTest {

    private static final long SLOW = 25_000_000; // far above a busy machine's preemption

    private static void slowly() {
        long end = System.nanoTime() + SLOW;
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }

    /** get("fail") throws, slowly; add() on "nested" calls get("fail") through the handle and catches it. */
    private static final class Refusing extends MapCounters {
        Counters self;

        Refusing() {
            super("refusing");
        }

        @Override
        public long get(String key) {
            if (key.equals("fail")) {
                slowly();
                throw new IllegalStateException("refused");
            }
            return super.get(key);
        }

        @Override
        public long add(String key, long delta) {
            if (key.equals("nested")) {
                try {
                    self.get("fail");
                } catch (IllegalStateException caught) {
                    // the outer call goes on and returns
                }
            }
            return super.add(key, delta);
        }
    }

    @Test
    void theTimeOfOutermostCallsThatThrewIsToldApart() {
        SwapKernel kernel = new SwapKernel();
        Counters handle = kernel.handle(Counters.class);
        Refusing impl = new Refusing();
        impl.self = handle;
        kernel.install(Counters.class, "refusing", impl, 0);
        kernel.configure(Counters.class.getName(), new KindPreference(null, 0, true));

        for (int i = 0; i < 10; i++) {
            handle.add("k", 1);
            assertThrows(IllegalStateException.class, () -> handle.get("fail"));
        }
        CallFigures f = kernel.callFigures(Counters.class.getName()).orElseThrow();
        assertEquals(20, f.calls());
        assertEquals(10, f.failures());
        assertTrue(f.failureNanos() >= 10 * SLOW, f.toString());
        assertTrue(f.nanos() - f.failureNanos() < 10 * SLOW, "the adds' own time: " + f);

        for (int i = 0; i < 5; i++) {
            handle.add("nested", 1);
        }
        CallFigures g = kernel.callFigures(Counters.class.getName()).orElseThrow().minus(f);
        assertEquals(10, g.calls(), "5 adds, each with its nested get");
        assertEquals(5, g.failures(), "the nested gets threw");
        assertEquals(0, g.failureNanos(), "no outermost call threw: " + g);
        assertTrue(g.nanos() >= 5 * SLOW, g.toString());
    }
}
