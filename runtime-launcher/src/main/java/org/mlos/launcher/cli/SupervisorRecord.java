package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.mlos.launcher.Processes;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * The supervisor a local cluster's files name: the pid recorded, and its process while that pid
 * still runs the supervisor (a pid reused since by another process is not it).
 */
record SupervisorRecord(long pid, Optional<ProcessHandle> process) {

    /** The cluster's supervisor as recorded; empty when none was started. */
    static Optional<SupervisorRecord> of(ClusterFiles files) throws IOException {
        Path file = files.supervisorPid();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        return Optional.of(new SupervisorRecord(pid, ProcessHandle.of(pid).filter(p -> Processes.running(pid) && isSupervisor(p))));
    }

    boolean runs() {
        return process.isPresent();
    }

    /** Whether it runs and restarts dead nodes (an autoscale-only supervisor does not); a hidden command line counts as one that does. */
    boolean restarts() {
        return process.map(p -> p.info().arguments().map(a -> List.of(a).contains(SupervisorProcess.RESTART)).orElse(true))
                .orElse(false);
    }

    /** Whether {@code p} runs the supervisor; a command line the system does not tell counts as one, as before. */
    static boolean isSupervisor(ProcessHandle p) {
        return p.info().commandLine().map(c -> c.contains(SupervisorProcess.class.getName())).orElse(true);
    }
}
