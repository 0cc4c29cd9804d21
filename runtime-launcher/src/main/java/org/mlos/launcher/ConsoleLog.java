package org.mlos.launcher;

import java.io.PrintStream;
import java.util.Locale;

import org.osgi.framework.Bundle;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The node's OSGi {@link LoggerFactory}, registered by the framework itself: what bundles log
 * through the OSGi Log API, Felix SCR first of all, goes to the node's standard error one line a
 * message, the exception's chain of messages on that line. Without a LoggerFactory SCR printed a
 * component's failure with its whole stack trace, some 80 lines for a port already taken, above
 * the node's own one-line reason.
 *
 * <p>The level is SCR's own {@value #PROPERTY} (trace, debug, info, warn or error; 1 to 4 as SCR
 * takes them), error by default as in SCR. From debug on, stack traces follow their line.
 */
final class ConsoleLog implements LoggerFactory {

    /** Felix SCR's framework property for its log level, which this factory takes over. */
    static final String PROPERTY = "ds.loglevel";

    private final LogLevel level;
    private final PrintStream err;

    ConsoleLog(LogLevel level, PrintStream err) {
        this.level = level;
        this.err = err;
    }

    /** The level a {@value #PROPERTY} value names; error when unset. */
    static LogLevel level(String value) {
        if (value == null || value.isBlank()) {
            return LogLevel.ERROR;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "1": return LogLevel.ERROR;
            case "2": case "WARNING": return LogLevel.WARN;
            case "3": return LogLevel.INFO;
            case "4": return LogLevel.DEBUG;
            default:
                try {
                    return LogLevel.valueOf(v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PROPERTY + "=" + value + " is not a log level: use trace, debug, info,"
                            + " warn or error (or SCR's 1 to 4)");
                }
        }
    }

    @Override
    public Logger getLogger(String name) {
        return new Line(name, false);
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return getLogger(clazz.getName());
    }

    @Override
    public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
        if (loggerType != Logger.class && loggerType != FormatterLogger.class) {
            throw new IllegalArgumentException("loggers are Logger or FormatterLogger, not " + loggerType.getName());
        }
        return loggerType.cast(new Line(name, loggerType == FormatterLogger.class));
    }

    @Override
    public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
        return getLogger(clazz.getName(), loggerType);
    }

    @Override
    public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
        return getLogger(name, loggerType);
    }

    /**
     * One message as one line: {@code LEVEL: message}, then the exception and each cause whose
     * message the line does not hold already; the stack trace after it from debug on.
     */
    void print(LogLevel at, String message, Throwable failure) {
        StringBuilder line = new StringBuilder(at.name()).append(": ").append(message);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (line.indexOf(text) < 0) {
                line.append(t == failure ? ": " : "; caused by ").append(t.getClass().getSimpleName()).append(": ").append(text);
            }
        }
        synchronized (err) {
            err.println(line);
            if (failure != null && level.implies(LogLevel.DEBUG)) {
                failure.printStackTrace(err);
            }
        }
    }

    /**
     * A logger: messages below the factory's level dropped before they are formatted. Formats
     * as the Log API says: {@code {}} placeholders ({@code printf} ones for a {@link FormatterLogger}),
     * a last argument that is a Throwable taken as the failure.
     */
    private final class Line implements FormatterLogger {
        private final String name;
        private final boolean printf;

        Line(String name, boolean printf) {
            this.name = name;
            this.printf = printf;
        }

        private void log(LogLevel at, String format, Object... args) {
            if (!level.implies(at)) {
                return;
            }
            Throwable failure = null;
            int n = args == null ? 0 : args.length;
            if (n > 0 && args[n - 1] instanceof Throwable t) {
                failure = t;
                n--;
            }
            print(at, printf ? String.format(format, java.util.Arrays.copyOf(args, n)) : slf4jStyle(format, args, n), failure);
        }

        @Override public String getName() { return name; }

        @Override public boolean isTraceEnabled() { return level.implies(LogLevel.TRACE); }
        @Override public void trace(String message) { log(LogLevel.TRACE, message); }
        @Override public void trace(String format, Object arg) { log(LogLevel.TRACE, format, arg); }
        @Override public void trace(String format, Object a, Object b) { log(LogLevel.TRACE, format, a, b); }
        @Override public void trace(String format, Object... args) { log(LogLevel.TRACE, format, args); }
        @Override public <E extends Exception> void trace(org.osgi.service.log.LoggerConsumer<E> c) throws E {
            if (isTraceEnabled()) { c.accept(this); }
        }

        @Override public boolean isDebugEnabled() { return level.implies(LogLevel.DEBUG); }
        @Override public void debug(String message) { log(LogLevel.DEBUG, message); }
        @Override public void debug(String format, Object arg) { log(LogLevel.DEBUG, format, arg); }
        @Override public void debug(String format, Object a, Object b) { log(LogLevel.DEBUG, format, a, b); }
        @Override public void debug(String format, Object... args) { log(LogLevel.DEBUG, format, args); }
        @Override public <E extends Exception> void debug(org.osgi.service.log.LoggerConsumer<E> c) throws E {
            if (isDebugEnabled()) { c.accept(this); }
        }

        @Override public boolean isInfoEnabled() { return level.implies(LogLevel.INFO); }
        @Override public void info(String message) { log(LogLevel.INFO, message); }
        @Override public void info(String format, Object arg) { log(LogLevel.INFO, format, arg); }
        @Override public void info(String format, Object a, Object b) { log(LogLevel.INFO, format, a, b); }
        @Override public void info(String format, Object... args) { log(LogLevel.INFO, format, args); }
        @Override public <E extends Exception> void info(org.osgi.service.log.LoggerConsumer<E> c) throws E {
            if (isInfoEnabled()) { c.accept(this); }
        }

        @Override public boolean isWarnEnabled() { return level.implies(LogLevel.WARN); }
        @Override public void warn(String message) { log(LogLevel.WARN, message); }
        @Override public void warn(String format, Object arg) { log(LogLevel.WARN, format, arg); }
        @Override public void warn(String format, Object a, Object b) { log(LogLevel.WARN, format, a, b); }
        @Override public void warn(String format, Object... args) { log(LogLevel.WARN, format, args); }
        @Override public <E extends Exception> void warn(org.osgi.service.log.LoggerConsumer<E> c) throws E {
            if (isWarnEnabled()) { c.accept(this); }
        }

        @Override public boolean isErrorEnabled() { return level.implies(LogLevel.ERROR); }
        @Override public void error(String message) { log(LogLevel.ERROR, message); }
        @Override public void error(String format, Object arg) { log(LogLevel.ERROR, format, arg); }
        @Override public void error(String format, Object a, Object b) { log(LogLevel.ERROR, format, a, b); }
        @Override public void error(String format, Object... args) { log(LogLevel.ERROR, format, args); }
        @Override public <E extends Exception> void error(org.osgi.service.log.LoggerConsumer<E> c) throws E {
            if (isErrorEnabled()) { c.accept(this); }
        }

        // audit: always logged, whatever the level
        @Override public void audit(String message) { log(LogLevel.AUDIT, message); }
        @Override public void audit(String format, Object arg) { log(LogLevel.AUDIT, format, arg); }
        @Override public void audit(String format, Object a, Object b) { log(LogLevel.AUDIT, format, a, b); }
        @Override public void audit(String format, Object... args) { log(LogLevel.AUDIT, format, args); }
    }

    /** {@code {}} replaced by the first {@code n} arguments in turn; {@code \{}} is a literal {@code {}}. */
    static String slf4jStyle(String format, Object[] args, int n) {
        if (format == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(format.length() + 16 * n);
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '\\' && format.startsWith("{}", i + 1)) {
                out.append("{}");
                i += 2;
            } else if (c == '{' && format.startsWith("}", i + 1) && next < n) {
                out.append(args[next++]);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
