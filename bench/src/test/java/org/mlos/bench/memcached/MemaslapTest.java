package org.mlos.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class MemaslapTest {

    /** Trimmed output of memcaslap 1.1 (libmemcached-tools) with -S. */
    static final String OUTPUT = """
            Get Statistics (207258 events)
               Log2 Dist:
                   4:     3740    58086    98704    38474
                   8:     6045      927      329      315

            Total Statistics (100 events)
               Min:        11
               Max:    126521
               Log2 Dist:
                   4:       10       20       30       20
                   8:       10        5        4        1

            cmd_get: 207262
            Run time: 4.0s Ops: 230293 TPS: 57569 Net_rate: 10.3M/s
            """;

    @Test
    void readsOperationsTimeAndTheTotalHistogram() throws IOException {
        Memaslap.Result r = Memaslap.parse(OUTPUT, "test");
        assertEquals(230293, r.operations());
        assertEquals(4.0, r.seconds());
        assertEquals(20, r.histogram()[5]);
        assertEquals(1, r.histogram()[11]);
        assertEquals(100, java.util.Arrays.stream(r.histogram()).sum(), "only the Total block counts");
    }

    @Test
    void percentilesInterpolateInsideTheirBucket() throws IOException {
        long[] h = Memaslap.parse(OUTPUT, "test").histogram();
        // 50th of 100: buckets 4..6 hold 10+20+30, so it is 2/3 of the way through bucket 6 (64..128 us)
        assertEquals(Math.pow(2, 6 + 20.0 / 30), Memaslap.percentile(h, 0.50), 1e-9);
        // 99th of 100: the last of bucket 10's operations, so its upper edge
        assertEquals(2048, Memaslap.percentile(h, 0.99), 1e-9);
    }

    @Test
    void mergedRoundsAddUp() throws IOException {
        Memaslap.Result r = Memaslap.parse(OUTPUT, "test");
        Memaslap.Result two = Memaslap.NONE.plus(r).plus(r);
        assertEquals(2 * 230293, two.operations());
        assertEquals(r.opsPerSecond(), two.opsPerSecond(), 1e-9);
        assertEquals(r.p99Micros(), two.p99Micros(), 1e-9);
    }

    @Test
    void outputWithoutAResultIsAnError() {
        assertThrows(IOException.class, () -> Memaslap.parse("connect failed", "memcaslap -s x"));
    }
}
