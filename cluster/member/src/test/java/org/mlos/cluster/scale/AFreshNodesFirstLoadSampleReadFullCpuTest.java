package org.mlos.cluster.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Found by an outsider watching the autoscaler: every freshly started node published
 * {@code cpu=1.000} first (its boot's CPU, measured from the board's creation), which the
 * autoscaler journaled as "high" and, deciding on one sample, would have scaled out on. The first
 * sample's CPU is now unknown.
 */
class AFreshNodesFirstLoadSampleReadFullCpuTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstSampleSaysNothingOfCpuOrOps() {
        LoadRates rates = new LoadRates(2);
        LoadRates.Rates first = rates.sample(500, 4 * SECOND, 10 * SECOND); // a boot's CPU behind it
        assertEquals(-1, first.cpu());
        assertEquals(0, first.opsPerSec());
    }

    @Test
    void laterSamplesMeasureTheIntervalSinceTheLast() {
        LoadRates rates = new LoadRates(2);
        rates.sample(500, 4 * SECOND, 10 * SECOND);
        LoadRates.Rates next = rates.sample(1500, 4 * SECOND + SECOND / 2, 11 * SECOND);
        assertEquals(0.25, next.cpu(), 1e-9, "half a CPU second in one second, of two processors");
        assertEquals(1000, next.opsPerSec(), 1e-9);
        LoadRates.Rates busy = rates.sample(1500, 9 * SECOND, 12 * SECOND);
        assertEquals(1, busy.cpu(), 1e-9, "capped at the whole machine");
    }

    @Test
    void anUnknownCpuTimeStaysUnknown() {
        LoadRates rates = new LoadRates(2);
        rates.sample(0, -1, SECOND);
        assertEquals(-1, rates.sample(10, -1, 2 * SECOND).cpu());
    }
}
