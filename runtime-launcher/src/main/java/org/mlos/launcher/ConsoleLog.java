package org.mlos.launcher;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
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
 * <p>The level is SCR's own {@value #PROPERTY} ({@link #level}), error by default as in SCR. From
 * debug on, stack traces follow their line.
 */
final class ConsoleLog implements LoggerFactory {

    /** Felix SCR's framework property for its log level, which this factory takes over. */
    static final String PROPERTY = "ds.loglevel";

    /**
     * Framework (or system) property: {@code true} starts every line with the time it was logged,
     * UTC to the millisecond. Nodes whose output goes to a
     * log file (a local cluster's) are started with it; a node on a terminal prints without.
     */
    static final String TIME_PROPERTY = "mlos.log.time";

    /** What SCR says of a component whose activate method threw. */
    private static final String ACTIVATION_FAILED = "The activate method has thrown an exception";
    /**
     * What the kernel says of an implementation whose component failed to activate as the kernel
     * asked for its object (core's ImplementationTracker and ComponentFailure), followed by the
     * failure DS recorded: a bad {@code mlos.bridge.commands} was told in that ERROR line and again
     * in the verdict.
     */
    private static final String IMPLEMENTATION_FAILED = "its component failed to activate: ";

    private final LogLevel level;
    private final PrintStream err;
    /** Fixed width, unlike {@code Instant.toString()}, which leaves out a fraction of zero. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** The clock lines are stamped with, or null for lines without the time. */
    private final Clock clock;
    /**
     * While the node boots, the lines of components that failed to activate, held: the launcher's
     * verdict on a failed start names such a failure itself, and the reason printed twice read as
     * two failures. Null once the boot is over ({@link #booted}). Guarded by {@code err}.
     */
    private List<Held> held = new ArrayList<>();

    /**
     * @param reason what a verdict that tells the failure says of it
     * @param component the component SCR's message names ({@code [name(id)]}), or "": the kernel's
     *        line names the implementation, not its component
     */
    private record Held(String line, Throwable failure, String reason, String component) {
        /** Whether {@code verdict} tells this failure: its component and its reason. */
        boolean toldIn(String verdict) {
            return verdict != null && !reason.isEmpty() && verdict.contains(reason) && verdict.contains(component);
        }
    }

    ConsoleLog(LogLevel level, PrintStream err) {
        this(level, err, null);
    }

    ConsoleLog(LogLevel level, PrintStream err, Clock clock) {
        this.level = level;
        this.err = err;
        this.clock = clock;
    }

    /**
     * The level a {@value #PROPERTY} value names: trace, debug, info, warn (or warning), error, audit,
     * or SCR's numbers 0 (audit) to 5 (trace); error when unset. Null for a value that names none.
     */
    static LogLevel level(String value) {
        if (value == null || value.isBlank()) {
            return LogLevel.ERROR;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "0": return LogLevel.AUDIT;
            case "1": return LogLevel.ERROR;
            case "2": case "WARNING": return LogLevel.WARN;
            case "3": return LogLevel.INFO;
            case "4": return LogLevel.DEBUG;
            case "5": return LogLevel.TRACE;
            default:
                try {
                    return LogLevel.valueOf(v);
                } catch (IllegalArgumentException e) {
                    return null;
                }
        }
    }

    /**
     * The factory for a node whose {@value #PROPERTY} is {@code value}: a value that names no level
     * is told on {@code err}, with the choices, and errors are logged, as SCR itself falls back.
     */
    static ConsoleLog forProperty(String value, PrintStream err) {
        return forProperties(value, null, err);
    }

    /**
     * As {@link #forProperty}, the lines stamped with the time when {@code time} ({@value #TIME_PROPERTY})
     * is {@code true}; any other value than true or false is told on {@code err} and taken as false.
     */
    static ConsoleLog forProperties(String value, String time, PrintStream err) {
        LogLevel level = level(value);
        if (level == null) {
            err.println("mlos run: warning: " + PROPERTY + "=" + value + " is not a log level (trace, debug, info, warn, error, audit,"
                    + " or 0 to 5): logging errors");
            level = LogLevel.ERROR;
        }
        String t = time == null ? "" : time.strip();
        if (!t.isEmpty() && !t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
            err.println("mlos run: warning: " + TIME_PROPERTY + "=" + time + " is neither true nor false: lines without the time");
        }
        return new ConsoleLog(level, err, t.equalsIgnoreCase("true") ? Clock.systemUTC() : null);
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
     * One message as one line: {@code LEVEL: message}, line breaks made "; ", then the exception
     * and each cause whose message the line does not hold already, a runtime exception or an error
     * with the frame it was thrown at; the stack trace after the line from debug on.
     */
    void print(LogLevel at, String message, Throwable failure) {
        StringBuilder line = new StringBuilder(at.name()).append(": ").append(oneLine(String.valueOf(message)));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            String text = t.getMessage() == null ? "" : oneLine(t.getMessage());
            if (text.isEmpty() || line.indexOf(text) < 0) {
                line.append(t == failure ? ": " : "; caused by ").append(t.getClass().getSimpleName());
                if (!text.isEmpty()) {
                    line.append(": ").append(text);
                }
                if ((t instanceof RuntimeException || t instanceof Error) && t.getStackTrace().length > 0) {
                    line.append(" (at ").append(t.getStackTrace()[0]).append(')');
                }
            }
        }
        synchronized (err) {
            // stamped under the lock: lines of two threads go out in the order of their times
            String stamped = clock == null ? line.toString() : TIME.format(clock.instant()) + " " + line;
            if (held != null && failure != null && message != null && message.contains(ACTIVATION_FAILED)) {
                held.add(new Held(stamped, failure, firstLine(failure.getMessage()), componentOf(message)));
                return;
            }
            int told = message == null || failure == null ? -1 : message.indexOf(IMPLEMENTATION_FAILED);
            if (held != null && told >= 0) {
                // DS's record of the failure opens with the exception's class, which the verdict names
                // unqualified: told by it as some component's failure, for that very reason
                String reason = firstLine(message.substring(told + IMPLEMENTATION_FAILED.length()))
                        .replaceFirst("^(?:[a-z][\\w$]*\\.)+", "");
                held.add(new Held(stamped, failure, reason.isEmpty() ? "" : ActivationFailure.toldPart(reason), ""));
                return;
            }
            println(stamped, failure);
        }
    }

    private void println(String line, Throwable failure) {
        err.println(line);
        if (failure != null && level.implies(LogLevel.DEBUG)) {
            failure.printStackTrace(err);
        }
    }

    /**
     * The boot is over: the activation failures held are printed now, but those whose reason the
     * launcher's {@code verdict} on a failed start tells already (null: a node that started, or
     * one stopped by a signal).
     */
    void booted(String verdict) {
        synchronized (err) {
            List<Held> lines = held;
            held = null;
            if (lines == null) {
                return;
            }
            for (Held h : lines) {
                // the verdict names this component and its reason: another one failing alike is still told
                if (!h.toldIn(verdict)) {
                    println(h.line(), h.failure());
                }
            }
        }
    }

    /** The component SCR's message is about: {@code name} in its {@code [name(id)]}, or "" if it names none. */
    private static String componentOf(String message) {
        int open = message.lastIndexOf('[');
        int paren = open < 0 ? -1 : message.indexOf('(', open);
        return paren < 0 ? "" : message.substring(open + 1, paren);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip();
        int end = t.indexOf('\n');
        return (end < 0 ? t : t.substring(0, end)).strip();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * A logger: messages below the factory's level dropped before they are formatted. A message
     * alone is logged as it is; with arguments it is a format as the Log API says: {@code {}}
     * placeholders ({@code printf} ones for a {@link FormatterLogger}), a Throwable and a
     * ServiceReference among the last two arguments taken out of them, the Throwable as the failure.
     */
    private final class Line implements FormatterLogger {
        private final String name;
        private final boolean printf;

        Line(String name, boolean printf) {
            this.name = name;
            this.printf = printf;
        }

        private void log(LogLevel at, String message) {
            if (level.implies(at)) {
                print(at, message, null);
            }
        }

        private void log(LogLevel at, String format, Object... args) {
            if (!level.implies(at)) {
                return;
            }
            Throwable failure = null;
            int n = args == null ? 0 : args.length;
            for (int last = 0; last < 2 && n > 0; last++) {
                if (args[n - 1] instanceof Throwable t && failure == null) {
                    failure = t;
                    n--;
                } else if (args[n - 1] instanceof ServiceReference<?>) {
                    n--;
                } else {
                    break;
                }
            }
            print(at, printf ? printf(format, Arrays.copyOf(args, n)) : slf4jStyle(format, args, n), failure);
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

    /** {@link String#format}; a format the arguments do not fit is logged as it is, the arguments after it. */
    static String printf(String format, Object[] args) {
        try {
            return String.format(format, args);
        } catch (IllegalFormatException e) {
            return format + " " + Arrays.toString(args);
        }
    }

    /**
     * Each pair of braces replaced by the next of the first {@code n} arguments; a backslash before a
     * brace makes it a brace, two backslashes before a pair give one backslash and the argument.
     */
    static String slf4jStyle(String format, Object[] args, int n) {
        if (format == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(format.length() + 16 * n);
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '\\' && format.startsWith("\\{}", i + 1)) {
                out.append('\\'); // the brace after it is a placeholder
                i++;
            } else if (c == '\\' && format.startsWith("{", i + 1)) {
                out.append('{');
                i++;
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
