package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

/**
 * Found by review: the control socket read its request line whole before cutting it to its
 * limit, so a line without end took as much memory as it was sent. It is read up to the limit.
 */
class AnEndlessControlLineIsReadOnlyToItsLimitTest {

    /** A line that never ends, counting what was read of it. */
    private static final class Endless extends Reader {
        long read;

        @Override
        public int read(char[] buf, int off, int len) {
            java.util.Arrays.fill(buf, off, off + len, 'a');
            read += len;
            return len;
        }

        @Override
        public int read() {
            read++;
            return 'a';
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anEndlessLineIsRefusedAfterTheLimit() throws IOException {
        Endless in = new Endless();
        assertNull(ControlEndpoint.line(in));
        assertEquals(ControlEndpoint.MAX_LINE + 1, in.read, "read no further than the limit");
    }

    @Test
    void aLineEndsAtItsNewlineWithOrWithoutCarriageReturn() throws IOException {
        assertEquals("nodes", ControlEndpoint.line(new StringReader("nodes\r\nmore")));
        assertEquals("swap a b", ControlEndpoint.line(new StringReader("swap a b\n")));
        assertEquals("status", ControlEndpoint.line(new StringReader("status")));
        assertEquals("ping", ControlEndpoint.line(new StringReader("ping\rmore")));
        assertEquals("x".repeat(ControlEndpoint.MAX_LINE), ControlEndpoint.line(new StringReader("x".repeat(ControlEndpoint.MAX_LINE) + "\r\n")));
        assertEquals("x".repeat(ControlEndpoint.MAX_LINE), ControlEndpoint.line(new StringReader("x".repeat(ControlEndpoint.MAX_LINE) + "\n")));
    }
}
