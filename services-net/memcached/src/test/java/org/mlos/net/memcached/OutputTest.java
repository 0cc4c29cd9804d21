package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;


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
}
