package org.mlos.bridge.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each command in a session of its own (util-linux {@code setsid}), so that what it leaves behind
 * can be found and killed once it ends: a process it started and left running is reparented, no
 * longer its descendant, but keeps its session. Its session id is the command's pid: the JDK's
 * child is no process group leader, so {@code setsid} makes the session in place and execs the
 * command, and Linux keeps that pid unused while any process of the session lives. A process that
 * makes a session of its own (a daemon's {@code setsid()}) leaves this one and is not found.
 */
final class CommandSession {

    private static final Path PROC = Path.of("/proc");
    private static final Optional<Path> SETSID = find();

    private CommandSession() {
    }

    /** Whether commands run in sessions of their own here (Linux with util-linux's {@code setsid}). */
    static boolean available() {
        return SETSID.isPresent();
    }

    /** The command line that starts {@code line} in a session of its own, or {@code line} where there are none. */
    static List<String> wrap(List<String> line) {
        if (SETSID.isEmpty()) {
            return line;
        }
        List<String> wrapped = new ArrayList<>(line.size() + 1);
        wrapped.add(SETSID.get().toString());
        wrapped.addAll(line);
        return wrapped;
    }

    /**
     * Kills every process left in the session the command {@code pid} led; returns how many. Looks
     * again until it finds none: one may have forked while the last look passed it.
     */
    static int killLeftBehind(long pid) {
        int killed = 0;
        for (int look = 0; look < 10; look++) {
            int now = killOnce(pid);
            if (now == 0) {
                break;
            }
            killed += now;
        }
        return killed;
    }

    private static int killOnce(long pid) {
        if (SETSID.isEmpty()) {
            return 0;
        }
        int killed = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path p : all) {
                long other = Long.parseLong(p.getFileName().toString());
                if (other != pid && session(p) == pid) {
                    killed += ProcessHandle.of(other).map(ProcessHandle::destroyForcibly).orElse(false) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            // /proc unreadable: nothing found to kill
        }
        return killed;
    }

    /** The session field of /proc/<pid>/stat (the sixth; the name before it, in parentheses, may hold spaces), -1 if gone. */
    private static long session(Path proc) {
        String stat;
        try {
            stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return -1; // ended meanwhile
        }
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
        // state ppid pgrp session ...
        return after.length > 3 ? Long.parseLong(after[3]) : -1;
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

    private static Optional<Path> find() {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return Optional.empty();
        }
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
