package org.mlos.launcher;

import java.io.PrintStream;

/**
 * Phase times of a boot, printed to stderr when {@code -Dmlos.trace.boot=true}: where the
 * milliseconds go, for whoever tunes boot next.
 */
final class BootTrace {

    private final boolean on = Boolean.getBoolean("mlos.trace.boot");
    private final long startMicros;
    private final PrintStream err;

    BootTrace(long startMicros, PrintStream err) {
        this.startMicros = startMicros;
        this.err = err;
    }

    void mark(String phase) {
        if (on) {
            err.printf("mlos: boot %-28s %7.1f ms%n", phase, (BootClock.nowMicros() - startMicros) / 1000.0);
        }
    }
}
