package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.mlos.launcher.Processes;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * What a local cluster lacks now: nodes it lists that do not run, and a supervisor that died.
 * An outsider's node left dead by its supervisor (5 restarts in 60 s), and a cluster whose
 * supervisor was killed, showed in {@code mlos nodes} as a smaller cluster, exit 0; only {@code
 * cluster down} told.
 */
final class ClusterGaps {

    private ClusterGaps() {
    }

    /** A line for each gap of the cluster, empty when it has none (or its files cannot be read). */
    static List<String> of(ClusterFiles files) {
        List<String> out = new ArrayList<>();
        String again = "'mlos cluster down" + (files.name().equals(LocalClusters.DEFAULT) ? "" : " --name " + files.name())
                + "', then up, starts it again";
        try {
            Boolean supervised = supervisorRuns(files);
            for (ClusterFiles.Entry e : files.read()) {
                if (!Processes.node(e.pid())) {
                    String slot = e.node() == null ? e.profile() : e.node().slot();
                    out.add("cluster " + files.name() + " lists " + slot + " (pid " + e.pid() + "), which is not running: "
                            + (Boolean.TRUE.equals(supervised) ? "its supervisor restarts it, unless it died 5 times in 60 s"
                                    + " (then it is left dead, as the supervisor's log says: " + supervisorLog(files) + ")"
                                    : "nothing restarts it") + "; " + again + (e.node() == null ? "" : ", on its data folder"));
                }
            }
            if (Boolean.FALSE.equals(supervised)) {
                out.add(0, "cluster " + files.name() + "'s supervisor (pid " + Files.readString(files.supervisorPid()).trim()
                        + ") is not running: a node that dies is not restarted; " + again);
            }
        } catch (IOException | RuntimeException unreadable) {
            // told by nothing then, as before
        }
        return out;
    }

    /** Whether the cluster's supervisor runs; null when it has none. */
    private static Boolean supervisorRuns(ClusterFiles files) throws IOException {
        if (!Files.exists(files.supervisorPid())) {
            return null;
        }
        long pid = Long.parseLong(Files.readString(files.supervisorPid()).trim());
        return ProcessHandle.of(pid).filter(p -> Processes.running(pid) && ClusterDown.isSupervisor(p)).isPresent();
    }

    private static String supervisorLog(ClusterFiles files) {
        return files.dir().resolve(files.name() + "-supervisor.log").toString();
    }
}
