package org.mlos.launcher.cli;

import org.mlos.launcher.testing.LivePids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * After the supervisor of a local cluster was killed, {@code mlos cluster down} still printed
 * "stopped 1 node(s) and its supervisor", and nothing had said that the cluster's nodes went
 * unsupervised (a node killed meanwhile stayed dead). And a supervisor's pid taken since by another
 * process would have been signalled.
 */
class ClusterDownToldADeadSupervisorAsStoppedTest {

    @TempDir
    Path dir;

    /** Live node pids, ended after each test: this JVM is none (a listed pid counts as a node only if it runs the launcher). */
    @RegisterExtension
    final LivePids pids = new LivePids();

    @Test
    void aSupervisorThatHadDiedIsToldAsSuchAndItsPidFileGoes() throws Exception {
        ClusterFiles files = new ClusterFiles(dir, "c");
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Files.writeString(files.supervisorPid(), Long.toString(gone.pid()));
        String said = ClusterDown.stopSupervisor(files);
        assertEquals("; its supervisor (pid " + gone.pid() + ") had died before: nodes that died since were not restarted"
                + " (its log: " + dir.resolve("c-supervisor.log") + ")", said);
        assertFalse(Files.exists(files.supervisorPid()));
    }

    @Test
    void aProcessThatTookTheSupervisorsPidIsNotSignalled() throws Exception {
        ClusterFiles files = new ClusterFiles(dir, "c");
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(files.supervisorPid(), Long.toString(other.pid()));
            assertTrue(ClusterDown.stopSupervisor(files).startsWith("; its supervisor (pid " + other.pid() + ") had died"));
            assertTrue(other.isAlive(), "not the supervisor: left alone");
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void noSupervisorNothingSaid() throws Exception {
        assertEquals("", ClusterDown.stopSupervisor(new ClusterFiles(dir, "c")));
    }

    /** An outsider's node killed before the down went unmentioned: "stopped 1 node(s)" of a cluster of two. */
    @Test
    void aListedNodeThatHadDiedIsToldOf() throws Exception {
        ClusterFiles files = new ClusterFiles(dir, "c");
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        files.write(java.util.List.of(new ClusterFiles.Entry(pids.node(), "tally", "a.log", null),
                new ClusterFiles.Entry(gone.pid(), "tally", "b.log", null)));
        assertEquals("; 1 listed node(s) had died before (pid " + gone.pid() + ")", ClusterDown.deadBefore(files));
        files.write(java.util.List.of(new ClusterFiles.Entry(pids.node(), "tally", "a.log", null)));
        assertEquals("", ClusterDown.deadBefore(files));
    }
}
