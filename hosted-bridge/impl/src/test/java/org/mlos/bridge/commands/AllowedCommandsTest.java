package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.CommandResult;
import org.mlos.bridge.api.HostCommandException;

class AllowedCommandsTest {

    @TempDir
    Path dir;
    AllowedCommands commands;

    private AllowedCommands allow(String spec, long timeoutMillis, int outputMax, int atOnce) {
        commands = new AllowedCommands(spec, dir, timeoutMillis, outputMax, atOnce);
        return commands;
    }

    @AfterEach
    void close() {
        if (commands != null) {
            commands.close();
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aCommandGetsItsInputAndItsOutputAndStatusComeBack() {
        allow("cat,sh[-c]", 20_000, 1 << 20, 2);
        byte[] input = new byte[300_000]; // past a pipe's buffer: input and output flow together
        new java.util.Random(7).nextBytes(input);
        CommandResult r = commands.run("cat", List.of(), input);
        assertEquals(0, r.exitCode());
        assertArrayEquals(input, r.stdout());
        assertFalse(r.outputCut());
        CommandResult failed = commands.run("sh", List.of("-c", "echo oops >&2; exit 3"), new byte[0]);
        assertEquals(3, failed.exitCode());
        assertEquals("oops\n", text(failed.stderr()));
        assertEquals(List.of("cat", "sh"), commands.commands());
    }

    @Test
    void argumentsReachTheCommandAsTheyAreWithNoShellBetween() {
        allow("echo[-rf]", 20_000, 1 << 20, 2);
        CommandResult r = commands.run("echo", List.of("$(id)", ";", "rm", "-rf", "*", "`x`"), null);
        assertEquals("$(id) ; rm -rf * `x`\n", text(r.stdout()));
    }

    @Test
    void itRunsInTheFilesFolder() throws Exception {
        allow("pwd", 20_000, 1 << 20, 2);
        assertEquals(dir.toRealPath().toString() + "\n", text(commands.run("pwd", List.of(), null).stdout()));
    }

    @Test
    void onlyListedCommandsRun() {
        allow("cat", 20_000, 1 << 20, 2);
        HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run("sh", List.of("-c", "true"), null));
        assertTrue(e.getMessage().contains("'sh' is not allowed") && e.getMessage().contains("[cat]"), e.getMessage());
        assertThrows(HostCommandException.class, () -> commands.run("/bin/sh", List.of(), null));
        assertThrows(HostCommandException.class, () -> commands.run("cat", List.of("a\0b"), null));
        allow("", 20_000, 1 << 20, 2);
        assertTrue(assertThrows(HostCommandException.class, () -> commands.run("cat", List.of(), null)).getMessage()
                .contains("mlos.bridge.commands"));
    }

    @Test
    void outputPastTheLimitIsCutAndTheCommandStillEnds() {
        allow("sh[-c]", 20_000, 1000, 2);
        CommandResult r = commands.run("sh", List.of("-c", "head -c 5000000 /dev/zero"), null);
        assertEquals(0, r.exitCode());
        assertEquals(1000, r.stdout().length);
        assertTrue(r.outputCut());
    }

    @Test
    void aCommandPastItsTimeIsKilledWithWhatItStarted() throws Exception {
        allow("sh[-c]", 1_000, 1 << 20, 2);
        Path marker = dir.resolve("child.pid");
        HostCommandException e = assertThrows(HostCommandException.class,
                () -> commands.run("sh", List.of("-c", "sleep 60 & echo $! > child.pid; wait"), null));
        assertTrue(e.getMessage().contains("was killed") && e.getMessage().contains("mlos.bridge.command.timeout.ms"), e.getMessage());
        long child = Long.parseLong(Files.readString(marker).trim());
        for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the command's child outlived it");
    }

    @Test
    void aChildLeftHoldingTheOutputDoesNotHoldTheCaller() throws Exception {
        allow("sh[-c]", 5_000, 1 << 20, 2); // long enough for the shell to exit even on a loaded machine
        // the shell exits at once; the sleep it leaves behind (no longer its descendant) keeps stdout open
        long start = System.nanoTime();
        CommandResult r = commands.run("sh", List.of("-c", "echo started; sleep 30 & echo $! > orphan.pid; exit 0"), null);
        try {
            assertEquals(0, r.exitCode());
            assertEquals("started\n", text(r.stdout()));
            // Not whether it says cut: the JDK drains and closes a process's pipe when the process
            // exits before its reader reads, and the reader then sees the output end (found flaky).
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(25),
                    "the call came back before the orphan's 30 s");
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("orphan.pid")).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void manyCallersThroughFewSlotsAllRunOnce() throws Exception {
        allow("cat", 60_000, 1 << 20, 2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String mine = "call-" + i;
                all.add(pool.submit(() -> text(commands.run("cat", List.of(), mine.getBytes(StandardCharsets.UTF_8)).stdout())));
            }
            for (int i = 0; i < 64; i++) {
                assertEquals("call-" + i, all.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
