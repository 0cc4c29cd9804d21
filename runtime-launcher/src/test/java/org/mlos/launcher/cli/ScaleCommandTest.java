package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScaleCommandTest {

    @Test
    void signedCountsAreTheChange() {
        assertEquals(1, ScaleCommand.parseChange("+1"));
        assertEquals(-2, ScaleCommand.parseChange("-2"));
    }

    @Test
    void anythingButPlusOrMinusNIsRefusedSayingWhatWasExpected() {
        for (String bad : new String[] { "2", "+", "-", "+0", "-0", "+x", "1+", "", "++1" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScaleCommand.parseChange(bad), bad);
            assertTrue(e.getMessage().contains("+N or -N"), e.getMessage());
        }
    }
}
