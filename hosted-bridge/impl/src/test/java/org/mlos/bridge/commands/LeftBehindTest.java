package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LeftBehindTest {

    private static long pidMax() throws Exception {
        try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/pid_max"))) {
            byte[] b = new byte[32];
            return Long.parseLong(new String(b, 0, in.read(b), java.nio.charset.StandardCharsets.US_ASCII).trim());
        }
    }

    @Test
    void pidsHandedOutAfterACommandCountAroundTheEndOfThePidSpace() throws Exception {
        long max = pidMax();
        assertTrue(LeftBehind.startedAfter(1001, 1000));
        assertFalse(LeftBehind.startedAfter(1000, 1000), "the command itself");
        assertFalse(LeftBehind.startedAfter(999, 1000), "older");
        assertTrue(LeftBehind.startedAfter(300, max - 10), "handed out after the pids wrapped");
        assertFalse(LeftBehind.startedAfter(max - 11, max - 10), "older, just below it");
    }

    @Test
    void marksAreNeverTheSame() {
        assertNotEquals(LeftBehind.newMark(), LeftBehind.newMark());
        assertTrue(LeftBehind.newMark().matches("[0-9a-f]{32}"));
    }
}
