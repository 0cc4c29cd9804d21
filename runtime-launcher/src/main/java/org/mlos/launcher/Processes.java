package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process runs, and whether it is a node, as the commands that find nodes by pid need to know it. */
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

    /** The class every node's JVM runs ({@code NodeProcess} starts it so), which its command line names. */
    static final String NODE_MAIN = "org.mlos.launcher.Main";

    /**
     * Whether {@code pid}, listed as a node (a cluster's files), still is one: {@link #running} and
     * running {@link #NODE_MAIN}. A pid the system reused for another process is not a node: a
     * scale-in would have stopped that process, and a supervisor taken its dead node for alive.
     * A command line the system does not tell (another user's process) counts as a node's: a live
     * node must never be taken for dead. 'cluster down' checked the command line and 'scale' and
     * 'mlos nodes' only the pid, so each said another thing of the same list; all ask this now.
     */
    public static boolean node(long pid) {
        return running(pid) && ProcessHandle.of(pid)
                .map(p -> p.info().arguments().map(a -> java.util.List.of(a).contains(NODE_MAIN)).orElse(true))
                .orElse(false);
    }
}
