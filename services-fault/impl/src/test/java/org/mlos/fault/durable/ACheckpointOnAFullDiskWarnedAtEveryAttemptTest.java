package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * On a full disk an outsider's node warned of its failed checkpoint every 5 s (each checkpoint),
 * where refused writes are one line a minute, and in the exception's words. The first is told at
 * once, then one line a minute with how many failed since, as the disk's fault.
 */
class ACheckpointOnAFullDiskWarnedAtEveryAttemptTest {

    private final List<String> lines = new ArrayList<>();
    private final System.Logger log = new System.Logger() {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(msgSupplier.get());
        }
    };

    @Test
    void theFirstAtOnceThenOneLineAMinuteWithTheCount() {
        CheckpointFailures failures = new CheckpointFailures(log, Path.of("/data/store"));
        java.io.UncheckedIOException full = new java.io.UncheckedIOException(
                new java.io.IOException("cannot create journal segment 85788.seg: No space left on device"));
        long s = TimeUnit.SECONDS.toNanos(1);
        for (long t = 0; t <= 60; t += 5) {
            failures.failed(full, t * s);
        }
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("durable store checkpoint in /data/store failed; the journal keeps every write,"
                + " and the next checkpoint tries again: the disk holding /data/store is full or failing"), lines.get(0));
        assertTrue(lines.get(1).contains("failed (12 times since the last warning)"), lines.get(1));
        failures.failed(full, 65 * s);
        failures.succeeded();
        assertEquals("durable store checkpoint in /data/store works again (1 more failed since the last warning)",
                lines.get(2));
        failures.failed(full, 3600 * s);
        assertTrue(lines.get(3).startsWith("durable store checkpoint in /data/store failed; "), "a new first: " + lines.get(3));
        failures.succeeded();
        failures.succeeded();
        assertEquals(5, lines.size(), "a recovery is told once: " + lines);
    }
}
