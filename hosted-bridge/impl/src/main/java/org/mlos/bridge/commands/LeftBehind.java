package org.mlos.bridge.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Finds what a command started and left running, to kill it when the command ends. Such a
 * process is reparented away, no longer the command's descendant, and may have made a session
 * of its own (a daemon's double fork and {@code setsid()}); but it keeps the environment it was
 * started with, so each command gets a variable with a mark of its own, and what is left is
 * every process of ours whose environment (Linux's {@code /proc/<pid>/environ}: the block it was
 * started with, as it reads now) holds it. A process started with an environment of its own making ({@code env -i}), or
 * one that writes over its environment's memory (as some daemons do to show a title in
 * {@code ps}: nginx, PostgreSQL), is not found. Where there is no {@code /proc}, nothing is.
 */
final class LeftBehind {

    /** The variable that carries a command's mark. */
    static final String VARIABLE = "MLOS_BRIDGE_COMMAND_MARK";

    private static final Path PROC = Path.of("/proc");
    private static final boolean AVAILABLE = Files.isReadable(PROC.resolve("self/environ"));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID_MAX = pidMax();

    private LeftBehind() {
    }

    /** Whether what commands leave can be found here. */
    static boolean available() {
        return AVAILABLE;
    }

    /** A new command's mark: unguessable, so a command cannot mark itself as another's. */
    static String newMark() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Kills every process whose environment holds {@code mark}; returns how many. Only processes
     * started after {@code command} (its pid) are looked at: pids are handed out in turn, around
     * the kernel's {@code pid_max}, so the others' environments need not be read (all of them: 1 ms
     * a command here, a third of what it costs to run {@code true}). Looks again until it finds
     * none: one may have forked while the last look passed it. A process caught in the middle of
     * an exec shows an empty environment for that instant: while one such is seen, it looks again
     * a moment later ({@value #UNSURE_PAUSE_MS} ms, {@value #LOOKS} looks at most). Three looks in a
     * row had all met a {@code setsid sleep} in its exec on a busy machine, and it ran on.
     */
    static int kill(String mark, long command) {
        if (!AVAILABLE) {
            return 0;
        }
        byte[] entry = ("\0" + VARIABLE + "=" + mark + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int killed = 0;
        for (int look = 0; look < LOOKS; look++) {
            Look now = killOnce(entry, command);
            killed += now.killed();
            if (now.killed() == 0 && now.unsure() == 0) {
                break;
            }
            if (now.killed() == 0) {
                pause();
            }
        }
        return killed;
    }

    static final int LOOKS = 10;
    static final long UNSURE_PAUSE_MS = 10;

    /** One look: processes killed, and those whose environment could not be told (mid-exec). */
    private record Look(int killed, int unsure) {
    }

    private static void pause() {
        try {
            Thread.sleep(UNSURE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Look killOnce(byte[] entry, long command) {
        int killed = 0;
        int unsure = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path p : all) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (!startedAfter(pid, command)) {
                    continue;
                }
                // taken before the environment is read: the handle knows the process's start time, and
                // destroying it checks that time, so a pid handed to another process meanwhile is not killed
                var process = ProcessHandle.of(pid);
                if (process.isEmpty()) {
                    continue;
                }
                Holds h = holds(p, entry);
                if (h == Holds.YES && process.get().destroyForcibly()) {
                    killed++;
                } else if (h == Holds.UNSURE) {
                    unsure++;
                }
            }
        } catch (IOException e) {
            // /proc unreadable: nothing found to kill
        }
        return new Look(killed, unsure);
    }

    /**
     * Whether {@code pid} was handed out after {@code command}: within the next half of the pid
     * space, counted around its end (a command that started more processes than that meanwhile
     * may leave some unfound).
     */
    static boolean startedAfter(long pid, long command) {
        long d = Math.floorMod(pid - command, PID_MAX);
        return d > 0 && d < PID_MAX / 2;
    }

    private static long pidMax() {
        // in one read: a sysctl file read a byte at a time (as Files.readString reads a file of size 0) says "3"
        try (var in = Files.newInputStream(PROC.resolve("sys/kernel/pid_max"))) {
            byte[] b = new byte[32];
            int n = in.read(b);
            return Long.parseLong(new String(b, 0, Math.max(0, n), StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return 1L << 22; // Linux's most
        }
    }

    private enum Holds {
        YES, NO,
        /** An empty environment: a process in the middle of an exec, or one started with none. */
        UNSURE
    }

    /** Whether the process's environment holds the entry (NUL on both sides; the first entry has none before it). */
    private static Holds holds(Path proc, byte[] entry) {
        byte[] env;
        try {
            env = Files.readAllBytes(proc.resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return Holds.NO; // ended meanwhile, or another user's
        }
        if (env.length == 0) {
            return maybeExecing(proc) ? Holds.UNSURE : Holds.NO;
        }
        outer:
        for (int at = -1; at + entry.length <= env.length + 1; at++) {
            for (int i = 0; i < entry.length; i++) {
                int k = at + i;
                byte b = k < 0 || k == env.length ? 0 : env[k];
                if (b != entry[i]) {
                    continue outer;
                }
            }
            return Holds.YES;
        }
        return Holds.NO;
    }

    /** Whether a process with an empty environment may be in an exec: not a zombie, nor a kernel thread (kthreadd's child). */
    private static boolean maybeExecing(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3); // state, ppid, ...
            return !after[0].equals("Z") && !after[0].equals("X") && !after[1].equals("2") && !after[1].equals("0");
        } catch (IOException | RuntimeException e) {
            return false; // ended meanwhile
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
