package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

/**
 * What bundles log through java.util.logging prints as the OSGi Log API's messages do: one line
 * each, not JUL's two lines and stack trace.
 */
class JulConsoleTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Logger root = Logger.getLogger("");
    private final List<Handler> before = List.of(root.getHandlers());

    @AfterEach
    void restoreTheRootHandlers() {
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        before.forEach(root::addHandler);
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aJulMessageWithItsParametersAndFailureIsOneLineOnTheNodesErrorStream() {
        JulConsole.attach(new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        Logger log = Logger.getLogger("org.mlos.test.jul");
        log.log(Level.INFO, "joined cluster {0} in {1} ms", new Object[] {"mlos", "1661"});
        log.log(Level.WARNING, "export abort() failed", new IOException("cannot connect\nto 127.0.0.1:40811"));
        System.getLogger("org.mlos.test.jul").log(System.Logger.Level.ERROR, "through System.Logger");
        log.fine("below INFO, JUL's default: dropped");
        assertEquals(List.of("INFO: joined cluster mlos in 1661 ms",
                "WARN: export abort() failed: IOException: cannot connect; to 127.0.0.1:40811",
                "ERROR: through System.Logger"), lines());
    }

    @Test
    void installingTwiceLeavesOneHandlerAndNoConsoleHandler() {
        ConsoleLog console = new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8));
        JulConsole.attach(console);
        JulConsole.attach(console);
        Logger.getLogger("org.mlos.test.jul").info("once");
        assertEquals(List.of("INFO: once"), lines());
        assertEquals(0, List.of(root.getHandlers()).stream().filter(h -> h instanceof java.util.logging.ConsoleHandler).count());
    }

    /**
     * In a node JUL starts when a bundle first logs, after the launcher has installed the console:
     * in a JVM of its own (this one's JUL is started), a message then is one line, and nothing
     * else is printed.
     */
    @Test
    void julStartedAfterTheInstallPrintsThroughTheConsole() throws Exception {
        Path output = java.nio.file.Files.createTempFile("jul-console", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), LogsAfterInstall.class.getName()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS"); // the JVM's "Picked up" line is no line of the node's
            pb.environment().remove("JDK_JAVA_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String out = java.nio.file.Files.readString(output);
            assertEquals(List.of("WARN: the node's line: IOException: gone"), out.lines().toList(), out);
        } finally {
            java.nio.file.Files.deleteIfExists(output);
        }
    }

    /** The child JVM of {@link #julStartedAfterTheInstallPrintsThroughTheConsole}. */
    static final class LogsAfterInstall {
        public static void main(String[] args) {
            JulConsole.install(new ConsoleLog(LogLevel.ERROR, System.err));
            Logger.getLogger("org.mlos.test.jul").log(Level.WARNING, "the node's line", new IOException("gone"));
            Logger.getLogger("org.mlos.test.jul").fine("dropped: JUL's root level stays INFO");
        }
    }

    @Test
    void levelsMapOntoTheLogApis() {
        assertEquals(LogLevel.ERROR, JulConsole.level(Level.SEVERE));
        assertEquals(LogLevel.WARN, JulConsole.level(Level.WARNING));
        assertEquals(LogLevel.INFO, JulConsole.level(Level.INFO));
        assertEquals(LogLevel.DEBUG, JulConsole.level(Level.CONFIG));
        assertEquals(LogLevel.DEBUG, JulConsole.level(Level.FINE));
        assertEquals(LogLevel.TRACE, JulConsole.level(Level.FINEST));
    }
}
