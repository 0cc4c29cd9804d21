package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

class OutputTest {

    private static String render(Output o) {
        RecordingConnection c = RecordingConnection.keeping();
        o.drainTo(c);
        return c.text();
    }

    @Test
    void numbersAreWrittenAsMemcachedPrintsThem() {
        Output o = new Output();
        o.number(0).byte1(' ').number(7).byte1(' ').number(1234567890123L).byte1(' ').number(Long.MAX_VALUE).byte1(' ')
                .number(-42).byte1(' ').unsigned(-1L).byte1(' ').unsigned(4294967295L);
        assertEquals("0 7 1234567890123 9223372036854775807 -42 18446744073709551615 4294967295", render(o));
    }

    @Test
    void theBufferGrowsForLargeValues() {
        Output o = new Output();
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        o.ascii("VALUE k 0 ").number(big.length).crlf().bytes(big).crlf();
        String s = render(o);
        assertEquals("VALUE k 0 100000\r\n", s.substring(0, 18));
        assertEquals(18 + 100_000 + 2, s.length());
    }

    @Test
    void aLargeValueTakesItsOwnSizeNotTwice() {
        Output o = new Output();
        byte[] big = new byte[8 << 20];
        o.ascii("VALUE k 0 ").number(big.length).crlf().bytes(big).crlf().line("END");
        assertTrue(o.capacity() < big.length + (64 << 10), "buffer of " + o.capacity() + " bytes for a value of " + big.length);
        assertEquals(("VALUE k 0 " + big.length + "\r\n").length() + big.length + 2 + 5, o.size());
    }

    @Test
    void manySmallValuesStillGrowTheBufferGeometrically() {
        Output o = new Output();
        int grows = 0;
        int last = o.capacity();
        for (int i = 0; i < 200_000; i++) {
            o.bytes(new byte[100]);
            if (o.capacity() != last) {
                grows++;
                last = o.capacity();
            }
        }
        assertEquals(20_000_000, o.size());
        assertTrue(grows < 40, grows + " copies of the buffer for 20 MB of small values");
    }
}
