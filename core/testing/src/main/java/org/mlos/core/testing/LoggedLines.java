package org.mlos.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a {@code java.util.logging} logger (and so a {@code System.Logger} of the same name, which
 * goes there) says while a test runs, for tests that a message is logged, or logged once:
 *
 * <pre>{@code
 * try (LoggedLines log = LoggedLines.of(DurableStore.class.getName())) {
 *     ...
 *     assertEquals(1, log.at(Level.WARNING).size());
 * }
 * }</pre>
 */
public final class LoggedLines implements AutoCloseable {

    private final Logger logger; // held: JUL keeps loggers weakly, and a collected one loses its handler
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LoggedLines(String name) {
        logger = Logger.getLogger(name);
        logger.addHandler(handler);
    }

    /** Starts listening to the logger {@code name} (and those below it). */
    public static LoggedLines of(String name) {
        return new LoggedLines(name);
    }

    /** The messages logged at {@code level} so far (not formatted: as the logger was given them). */
    public List<String> at(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
    }

    /** Every record so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
