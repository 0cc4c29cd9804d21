package org.mlos.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.osgi.service.log.LogLevel;

/**
 * What bundles and libraries log through {@code java.util.logging} (or {@code System.Logger},
 * which goes there), printed as {@link ConsoleLog} prints the OSGi Log API's messages: one line,
 * {@code LEVEL: message}, the exception's chain of messages on it. JUL's own console handler
 * printed two lines a message (date, class and method, then level and message) and whole stack
 * traces, so a node's standard error mixed two formats.
 *
 * <p>Which messages pass is still JUL's: its loggers' levels (INFO by default, and what
 * {@value LogLevels#PROPERTY} sets).
 */
final class JulConsole extends Handler {

    private final ConsoleLog console;

    private JulConsole(ConsoleLog console) {
        this.console = console;
        setFormatter(new SimpleFormatter()); // for formatMessage alone: parameters and resource bundles
        setLevel(Level.ALL);
    }

    private static final String CONFIG_CLASS = "java.util.logging.config.class";
    private static final String CONFIG_FILE = "java.util.logging.config.file";
    /** The console the node's JUL prints through once it starts ({@link Config}). */
    private static volatile ConsoleLog pending;

    /**
     * Makes java.util.logging print through {@code console} when it starts: JUL's start-up is
     * left where it was (the first bundle that logs; none in a minimal node, whose boot does not
     * pay for it), and takes {@link Config} as its configuration. A JVM given a configuration of
     * its own ({@value #CONFIG_CLASS} or {@value #CONFIG_FILE}) keeps it.
     */
    static void install(ConsoleLog console) {
        pending = console;
        if (System.getProperty(CONFIG_CLASS) == null && System.getProperty(CONFIG_FILE) == null) {
            System.setProperty(CONFIG_CLASS, Config.class.getName());
        }
    }

    /**
     * JUL's configuration in a node: the JDK's own ({@code conf/logging.properties}: its levels,
     * root at INFO), its console handler replaced by one that prints through the node's console.
     */
    public static final class Config {
        public Config() {
            Path defaults = Path.of(System.getProperty("java.home"), "conf", "logging.properties");
            try (InputStream in = Files.newInputStream(defaults)) {
                LogManager.getLogManager().readConfiguration(in); // what JUL reads when no class is named
            } catch (IOException | RuntimeException e) {
                // no such file (a trimmed runtime): JUL's built-in defaults, root at INFO
            }
            ConsoleLog console = pending;
            if (console != null) {
                attach(console);
            }
        }
    }

    /** Replaces the root logger's console handlers by one that prints through {@code console}. */
    static void attach(ConsoleLog console) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler || h instanceof JulConsole) {
                root.removeHandler(h);
            }
        }
        root.addHandler(new JulConsole(console));
    }

    /** The Log API's level a JUL level stands for: SEVERE is an error, CONFIG and FINE debug, finer trace. */
    static LogLevel level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return LogLevel.ERROR;
        }
        if (v >= Level.WARNING.intValue()) {
            return LogLevel.WARN;
        }
        if (v >= Level.INFO.intValue()) {
            return LogLevel.INFO;
        }
        return v >= Level.FINE.intValue() ? LogLevel.DEBUG : LogLevel.TRACE;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        String message;
        try {
            message = getFormatter().formatMessage(record);
        } catch (RuntimeException e) {
            message = String.valueOf(record.getMessage()); // a bad pattern still gets its line
        }
        console.print(level(record.getLevel()), message, record.getThrown());
    }

    @Override
    public void flush() {
        // ConsoleLog prints each line whole to its stream
    }

    @Override
    public void close() {
        // the stream is the node's standard error: not ours to close
    }
}
