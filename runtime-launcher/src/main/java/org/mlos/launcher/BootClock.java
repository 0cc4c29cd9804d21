package org.mlos.launcher;

import java.time.Instant;

/**
 * When the node's JVM started, in epoch microseconds: boot times count from there, not from
 * {@code main()}. The {@code mlos} script passes the instant just before it executes java
 * ({@code -Dmlos.t0}, microseconds); otherwise the process start time the OS reports is used.
 */
final class BootClock {

    static final String PROPERTY = "mlos.t0";

    private BootClock() {
    }

    static long startMicros() {
        String t0 = System.getProperty(PROPERTY);
        if (t0 != null) {
            try {
                return Long.parseLong(t0.trim().replace(".", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be epoch microseconds, was " + t0, e);
            }
        }
        return ProcessHandle.current().info().startInstant()
                .map(i -> i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000)
                .orElseGet(BootClock::nowMicros);
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
