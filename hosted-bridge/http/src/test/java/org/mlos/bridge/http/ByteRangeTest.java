package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void theThreeFormsOfOneRange() {
        ByteRange r = ByteRange.parse("bytes=10-19");
        assertEquals(10, r.start(100));
        assertEquals(20, r.end(100));
        assertEquals(15, ByteRange.parse("bytes=10-19").end(15), "cut at the file's end");
        ByteRange open = ByteRange.parse("Bytes=90-");
        assertEquals(90, open.start(100));
        assertEquals(100, open.end(100));
        ByteRange suffix = ByteRange.parse("bytes=-30");
        assertEquals(70, suffix.start(100));
        assertEquals(100, suffix.end(100));
        assertEquals(0, ByteRange.parse("bytes=-300").start(100), "a suffix longer than the file is the file");
        assertEquals(100, ByteRange.parse("bytes=-0").start(100), "an empty suffix holds nothing");
    }

    @Test
    void whatAServerMayIgnoreParsesToNothing() {
        for (String h : new String[] { null, "", "bytes=", "bytes=-", "bytes=5", "bytes=3-1", "bytes=0-1,5-6", "items=0-1",
                "bytes=a-b", "bytes=+1-2", "bytes=99999999999999999999-" }) {
            assertNull(ByteRange.parse(h), h);
        }
    }
}
