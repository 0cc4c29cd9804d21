package org.mlos.bench.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/** The servers' CPU time read from /proc/&lt;pid&gt;/stat, as the memcached bench's cpu_us_op figures take it. */
class ProcessCpuTest {

    @Test
    void utimeAndStimeAreCountedAfterACommandNameWithSpacesAndParentheses() throws IOException {
        String stat = "4242 (mem ca) (ched) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 75 0 0 20 0 3 0 100 0 0";
        assertEquals(new ProcessCpu.Times(250 * 10_000_000L, 75 * 10_000_000L), ProcessCpu.parse(stat));
    }

    @Test
    void aLineThatIsNotAStatLineIsRefusedSayingWhatItGot() {
        IOException e = assertThrows(IOException.class, () -> ProcessCpu.parse("VmRSS: 1 kB"));
        assertTrue(e.getMessage().contains("VmRSS: 1 kB"), e.getMessage());
    }

    @Test
    void thisProcessHasSpentCpu() throws IOException {
        long sum = 0;
        for (int i = 0; i < 50_000_000; i++) {
            sum += i ^ (sum >>> 3); // a bounded amount of work, so the count has ticked at least once
        }
        assertTrue(ProcessCpu.times(ProcessHandle.current().pid()).userNanos() > 0, "sum " + sum);
    }
}
