package org.mlos.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets java.util.logging levels from the framework property {@value #PROPERTY}, e.g.
 * {@code com.hazelcast:WARNING;com.hazelcast.osgi:SEVERE}: libraries that log their start-up at
 * INFO would otherwise bury the node's own output. Set before any bundle starts.
 */
final class LogLevels {

    static final String PROPERTY = "mlos.log.levels";

    /** Loggers configured here; held, since the logging framework keeps loggers only weakly. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private LogLevels() {
    }

    static void apply(String spec) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String entry : spec.split(";")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException(PROPERTY + " takes logger:LEVEL pairs separated by ';', got '"
                        + entry.trim() + "'");
            }
            Logger logger = Logger.getLogger(parts[0].trim());
            logger.setLevel(Level.parse(parts[1].trim()));
            CONFIGURED.add(logger);
        }
    }
}
