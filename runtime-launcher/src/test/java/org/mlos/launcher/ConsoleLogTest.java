package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;

/**
 * The node's LoggerFactory: a component's failure is one line with the exception's messages,
 * not SCR's stack trace; levels as SCR's {@code ds.loglevel} names them; the Log API's formats.
 */
class ConsoleLogTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** A logger of a node that has booted (while it boots, activation failures are held: see the last tests). */
    private Logger logger(LogLevel level) {
        ConsoleLog console = new ConsoleLog(level, new PrintStream(printed, true, StandardCharsets.UTF_8));
        console.booted(null);
        return console.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aFailureIsOneLineWithItsCausesMessagesAndNoStackTrace() {
        IOException failure = new IOException("cannot listen on 127.0.0.1:11211: Address already in use; choose another port",
                new IOException("Address already in use"));
        failure.getCause().initCause(new java.net.SocketException("the socket's state"));
        logger(LogLevel.ERROR).error("[MemcachedServer(22)] : The activate method has thrown an exception", failure);
        assertEquals(List.of("ERROR: [MemcachedServer(22)] : The activate method has thrown an exception: IOException: cannot"
                + " listen on 127.0.0.1:11211: Address already in use; choose another port; caused by"
                + " SocketException: the socket's state"), lines());
    }

    @Test
    void fromDebugOnTheStackTraceFollowsItsLine() {
        logger(LogLevel.DEBUG).error("failed", new IOException("no port"));
        assertEquals("ERROR: failed: IOException: no port", lines().get(0));
        assertTrue(lines().stream().anyMatch(l -> l.startsWith("\tat ")), lines().toString());
    }

    @Test
    void messagesBelowTheLevelAreDroppedAndAuditIsAlwaysKept() {
        Logger log = logger(LogLevel.WARN);
        log.info("starting");
        log.debug("detail {}", 1);
        log.warn("slow {} of {}", "bundle", 3);
        log.audit("stopped");
        assertTrue(log.isWarnEnabled() && log.isErrorEnabled());
        assertFalse(log.isInfoEnabled() || log.isDebugEnabled() || log.isTraceEnabled());
        assertEquals(List.of("WARN: slow bundle of 3", "AUDIT: stopped"), lines());
    }

    @Test
    void placeholdersAreFilledInTurnAndEscapesAreTheLogApis() {
        Logger log = logger(LogLevel.INFO);
        log.info("{} and {} and {}", "a", "b");
        log.info("literal \\{} then {}", "x");
        log.info("a backslash \\\\{}", "then x");
        assertEquals(List.of("INFO: a and b and {}", "INFO: literal {} then x", "INFO: a backslash \\then x"), lines());
    }

    @Test
    void aMessageAloneIsLoggedAsItIsOnOneLine() {
        FormatterLogger log = new ConsoleLog(LogLevel.INFO, new PrintStream(printed, true, StandardCharsets.UTF_8))
                .getLogger("x", FormatterLogger.class);
        log.info("100% done, {} left");
        log.info("first\n  second");
        assertEquals(List.of("INFO: 100% done, {} left", "INFO: first; second"), lines());
    }

    @Test
    void aFormatterLoggerFormatsAsPrintfAndAFormatItsArgumentsDoNotFitIsKept() {
        FormatterLogger log = new ConsoleLog(LogLevel.INFO, new PrintStream(printed, true, StandardCharsets.UTF_8))
                .getLogger("x", FormatterLogger.class);
        log.info("%d of %s", 2, "three", new IOException("gone"));
        log.info("%d of %s", "two");
        assertEquals(List.of("INFO: 2 of three: IOException: gone", "INFO: %d of %s [two]"), lines());
    }

    @Test
    void aServiceReferenceBesideTheThrowableIsNoArgument() {
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        Logger log = logger(LogLevel.INFO);
        log.info("{} then {}", "x", new IOException("gone"), ref);
        log.info("{} then {}", "x", ref, new IOException("gone"));
        assertEquals(List.of("INFO: x then {}: IOException: gone", "INFO: x then {}: IOException: gone"), lines());
    }

    @Test
    void aCycleOfCausesEndsAndABugSaysWhereItWasThrown() {
        IllegalStateException a = new IllegalStateException("alpha");
        IOException b = new IOException("omega", a);
        a.initCause(b);
        NullPointerException npe = new NullPointerException();
        logger(LogLevel.ERROR).error("cycle", a);
        logger(LogLevel.ERROR).error("bug", npe);
        List<String> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("ERROR: cycle: IllegalStateException: alpha (at ") && lines.get(0).endsWith(
                "; caused by IOException: omega"), lines.get(0));
        assertTrue(lines.get(1).startsWith("ERROR: bug: NullPointerException (at org.mlos.launcher.ConsoleLogTest."),
                lines.get(1));
    }

    @Test
    void levelsAreScrsNamesAndNumbersAndAWrongOneIsToldAndLogsErrors() {
        assertEquals(LogLevel.ERROR, ConsoleLog.level(null));
        assertEquals(LogLevel.AUDIT, ConsoleLog.level("0"));
        assertEquals(LogLevel.ERROR, ConsoleLog.level("1"));
        assertEquals(LogLevel.WARN, ConsoleLog.level("warning"));
        assertEquals(LogLevel.INFO, ConsoleLog.level("3"));
        assertEquals(LogLevel.DEBUG, ConsoleLog.level(" Debug "));
        assertEquals(LogLevel.TRACE, ConsoleLog.level("5"));
        ConsoleLog log = ConsoleLog.forProperty("loud", new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(List.of("mlos run: warning: ds.loglevel=loud is not a log level (trace, debug, info, warn, error, audit, or 0 to 5):"
                + " logging errors"), lines());
        Logger logger = log.getLogger("x");
        assertTrue(logger.isErrorEnabled() && !logger.isWarnEnabled());
    }

    /**
     * A component that fails to activate while the node boots: its reason is the launcher's verdict
     * on the failed start, so SCR's line of it is held and dropped then, not printed twice.
     */
    @Test
    void anActivationFailureTheVerdictTellsIsPrintedOnce() {
        ConsoleLog console = new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8));
        Logger log = console.getLogger("scr");
        log.error("bundle x [MemcachedServer(16)] : The activate method has thrown an exception",
                new IOException("cannot listen on 127.0.0.1:11211: Address already in use"));
        log.error("bundle x [Other(17)] : The activate method has thrown an exception", new IOException("other reason"));
        log.error("some other error", new IOException("kept in order"));
        assertEquals(List.of("ERROR: some other error: IOException: kept in order"), lines());
        console.booted(": \n  component MemcachedServer failed to activate: java.io.IOException: cannot listen on 127.0.0.1:11211:"
                + " Address already in use");
        assertEquals(List.of("ERROR: some other error: IOException: kept in order",
                "ERROR: bundle x [Other(17)] : The activate method has thrown an exception: IOException: other reason"), lines());
        log.error("bundle x [Late(18)] : The activate method has thrown an exception", new IOException("after the boot"));
        assertEquals(3, lines().size(), "after the boot nothing is held: " + lines());
    }

    @Test
    void anotherComponentFailingAlikeIsStillTold() {
        ConsoleLog console = new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8));
        Logger log = console.getLogger("scr");
        log.error("bundle x [org.a.First(3)] : The activate method has thrown an exception", new IOException("no disk"));
        log.error("bundle y [org.b.Second(4)] : The activate method has thrown an exception", new IOException("no disk"));
        console.booted(": \n  component org.a.First failed to activate: java.io.IOException: no disk");
        assertEquals(List.of("ERROR: bundle y [org.b.Second(4)] : The activate method has thrown an exception: IOException: no disk"),
                lines());
    }

    @Test
    void aNodeThatStartedPrintsTheFailuresHeld() {
        ConsoleLog console = new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8));
        console.getLogger("scr").error("[Optional(3)] : The activate method has thrown an exception", new IOException("no disk"));
        assertEquals(List.of(), lines());
        console.booted(null);
        console.booted(null);
        assertEquals(List.of("ERROR: [Optional(3)] : The activate method has thrown an exception: IOException: no disk"), lines());
    }
}
