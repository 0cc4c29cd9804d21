package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.CommandResult;

/**
 * A command that ended normally left what it started running: a {@code &} in an allowed shell, a
 * grandchild reparented away from it, a daemon in a session of its own, ran on for as long as it
 * liked, and held the call's reader threads while it kept the output open. Each command's
 * environment now carries a mark of its own, and what holds it is killed when the command ends.
 */
class WhatACommandLeavesRunningIsKilledTest {

    @TempDir
    Path dir;
    AllowedCommands commands;

    @BeforeEach
    void sessions() {
        Assumptions.assumeTrue(LeftBehind.available(), "no /proc/<pid>/environ here: what commands leave is not found");
        commands = new AllowedCommands("sh[-c]", dir, 20_000, 1 << 20, 2);
    }

    @AfterEach
    void close() throws Exception {
        // what a failed test left: every pid a command wrote down
        try (var files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path f : files) {
                ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        if (commands != null) {
            commands.close();
        }
    }

    @Test
    void aBackgroundChildIsKilledWhenTheCommandEnds() throws Exception {
        CommandResult r = commands.run("sh", List.of("-c", "sleep 300 > /dev/null 2>&1 & echo $! > a.pid; exit 0"), null);
        assertEquals(0, r.exitCode());
        assertGone(pid("a.pid"));
    }

    @Test
    void aGrandchildReparentedAwayIsKilledToo() throws Exception {
        // the subshell exits at once: the sleep is nobody's descendant by the time the command ends
        CommandResult r = commands.run("sh", List.of("-c", "( sleep 300 > /dev/null 2>&1 & echo $! > b.pid ); sleep 0.2; exit 0"), null);
        assertEquals(0, r.exitCode());
        assertGone(pid("b.pid"));
    }

    @Test
    void aDaemonInASessionOfItsOwnIsKilledToo() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "no setsid to make a session with");
        commands.close();
        commands = new AllowedCommands("sh[-c],setsid[*]", dir, 20_000, 1 << 20, 2);
        CommandResult r = commands.run("sh", List.of("-c", "setsid sleep 300 > /dev/null 2>&1 < /dev/null & echo $! > d.pid; exit 0"), null);
        assertEquals(0, r.exitCode());
        assertGone(pid("d.pid"));
    }

    @Test
    void aChildHoldingTheOutputNoLongerCutsIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            CommandResult r = commands.run("sh", List.of("-c", "echo started; sleep 300 & echo $! > c.pid; exit 0"), null);
            assertEquals("started\n", new String(r.stdout(), StandardCharsets.UTF_8));
            assertFalse(r.outputCut(), "round " + i + ": the output ends with the child killed, whole");
            assertGone(pid("c.pid"));
        }
    }

    @Test
    void manyCommandsAtOnceKillOnlyWhatTheirOwnLeft() throws Exception {
        // one command's leftovers are not another's: each waits for the other's marker, so both run together
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<CommandResult>> both = new ArrayList<>();
            for (String me : List.of("x", "y")) {
                String other = me.equals("x") ? "y" : "x";
                both.add(pool.submit(() -> commands.run("sh", List.of("-c", "sleep 300 & echo $! > " + me + ".pid; touch " + me
                        + ".up; while [ ! -e " + other + ".up ]; do sleep 0.05; done; sleep 0.3; kill -0 $(cat " + other
                        + ".pid) && echo other-alive"), null)));
            }
            for (var f : both) {
                CommandResult r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("other-alive\n", new String(r.stdout(), StandardCharsets.UTF_8), new String(r.stderr(), StandardCharsets.UTF_8));
            }
            assertGone(pid("x.pid"));
            assertGone(pid("y.pid"));
        } finally {
            pool.shutdownNow();
        }
    }

    private long pid(String file) throws Exception {
        return Long.parseLong(Files.readString(dir.resolve(file)).trim());
    }

    /** Gone or a zombie (killed, not yet reaped by whoever adopted it): no longer running. */
    private static void assertGone(long pid) throws Exception {
        for (int i = 0; i < 200 && running(pid); i++) {
            Thread.sleep(50);
        }
        assertTrue(!running(pid), "process " + pid + " the command left still runs");
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
