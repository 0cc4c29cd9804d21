package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL whose parent had gone stays a zombie where nothing reaps orphans;
 * ProcessHandle calls it alive, and 'mlos nodes' listed it as running.
 */
class AZombieIsNoRunningNodeTest {

    @Test
    void aZombieIsNotRunningAndALiveProcessIs() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux's /proc");
        // the shell's child exits at once; its parent, exec'd into sleep, never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 30").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine().trim());
            Path stat = Path.of("/proc", Long.toString(zombie), "stat");
            for (int i = 0; i < 200 && !(Files.exists(stat) && Files.readString(stat).contains(") Z ")); i++) {
                Thread.sleep(50);
            }
            assumeTrue(Files.exists(stat) && Files.readString(stat).contains(") Z "), "the child became a zombie");
            // why Processes.running exists, not what it is asked: a JDK whose ProcessHandle already
            // tells a zombie dead (or one reaped meanwhile) leaves the regression nothing to show
            assumeTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false), "ProcessHandle calls the zombie alive");
            assertFalse(Processes.running(zombie), "a zombie runs no node");
            assertTrue(Processes.running(parent.pid()), "its parent runs");
            assertTrue(Processes.running(ProcessHandle.current().pid()));
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }
}
