package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process runs, as the commands that find nodes by pid need to know it. */
public final class Processes {

    private Processes() {
    }

    /**
     * Whether process {@code pid} runs: alive, and on Linux not a zombie. A node killed with
     * SIGKILL whose parent had gone before it (a node of 'mlos cluster up') stays a zombie where
     * nothing reaps orphans (a container's first process), and ProcessHandle calls a zombie alive:
     * 'mlos nodes' listed the dead node as running, and 'cluster up' counted it as up.
     */
    public static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')'); // the state follows the command's name, which may hold spaces and ')'
            char state = end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException noProcFs) {
            return true; // no /proc (not Linux), or gone this instant: as ProcessHandle says
        }
    }
}
