package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.testing.LivePids;

/**
 * A node's pid file (-P) found naming a live process warned "names process N, which is running"
 * for any live pid: a dead node's pid reused by another program was taken for a running node. It
 * asks {@code Processes.node} now, as the rest of the launcher does, and writes over it unwarned.
 */
class APidFileNamingAReusedPidWarnedOfARunningNodeTest {

    @RegisterExtension
    final LivePids pids = new LivePids();

    @TempDir
    Path dir;

    @Test
    void aPidFileNamingAReusedPidIsWrittenOverUnwarned() throws Exception {
        Path file = dir.resolve("memcached.pid");
        Files.writeString(file, pids.other().pid() + "\n");

        assertEquals("", write(file));
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
    }

    @Test
    void aPidFileNamingALiveNodeIsStillWarnedOf() throws Exception {
        Path file = dir.resolve("memcached.pid");
        Files.writeString(file, pids.node() + "\n");

        assertTrue(write(file).contains("which is running"), "a live node's pid file was overwritten unwarned");
    }

    private static String write(Path file) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        new PidFile(file, ProcessHandle.current().pid(), new PrintStream(err, true, StandardCharsets.UTF_8)).write();
        return err.toString(StandardCharsets.UTF_8);
    }
}
