package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.testing.LivePids;

/**
 * memcached's {@code -P} (Debian's memcached.conf names one) was refused: a node wrote no pid
 * file. It writes one now as memcached does, once it serves, and removes it when it stops.
 */
@Timeout(120)
class PidFileWhileTheNodeRunsTest {

    @RegisterExtension
    final LivePids pids = new LivePids(); // a live node pid: this JVM runs no launcher, so is no node

    @TempDir
    Path dir;

    @Test
    void aNodeWritesItsPidOnceReadyAndRemovesItWhenStopped() throws Exception {
        Path pidFile = dir.resolve("run").resolve("memcached.pid");
        Files.createDirectories(pidFile.getParent());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process node = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--framework-only", "--images", dir.toString(), "-P", pidFile.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("mlos: ready"));
            assertTrue(line != null, "the node did not get ready");
            assertEquals(node.pid() + "\n", Files.readString(pidFile), "there, with the pid, by the ready line");
            assertFalse(Files.exists(pidFile.resolveSibling("memcached.pid.tmp")));
            new ProcessBuilder("kill", "-s", "TERM", Long.toString(node.pid())).inheritIO().start().waitFor();
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "still running");
            assertEquals(0, node.exitValue());
            assertFalse(Files.exists(pidFile), "removed when the node stopped");
        } finally {
            node.destroyForcibly();
        }
    }

    @Test
    void aPidFileNamingARunningProcessIsWrittenOverWithAWarning() throws IOException {
        Path file = dir.resolve("m.pid");
        Files.writeString(file, pids.node() + "\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PidFile pid = new PidFile(file, 4_000_000_000L, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertTrue(pid.write());
        assertEquals("4000000000\n", Files.readString(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("names process " + pids.node()
                + ", which is running"), err.toString(StandardCharsets.UTF_8));
        pid.remove();
        assertFalse(Files.exists(file));
    }

    @Test
    void aPidFileAnotherProcessWroteSinceIsLeftToIt() throws IOException {
        Path file = dir.resolve("m.pid");
        PidFile pid = new PidFile(file, 12345, System.err);
        assertTrue(pid.write());
        Files.writeString(file, "678\n");
        pid.remove();
        assertEquals(List.of("678"), Files.readAllLines(file));
    }

    @Test
    void aNodeStoppedBeforeItServedWritesNone() {
        Path file = dir.resolve("m.pid");
        PidFile pid = new PidFile(file, 12345, System.err);
        pid.remove();
        assertFalse(pid.write());
        assertFalse(Files.exists(file));
    }
}
