package org.mlos.launcher.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mlos.launcher.Processes;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * What a local cluster lacks now: nodes it lists that do not run, and a supervisor that died.
 * An outsider's node left dead by its supervisor (5 restarts in 60 s), and a cluster whose
 * supervisor was killed, showed in {@code mlos nodes} as a smaller cluster, exit 0; only {@code
 * cluster down} told.
 */
final class ClusterGaps {

    /**
     * A gap; {@code mended} when a supervisor that restarts nodes runs: the node may only be between
     * its death and its restart (or left dead after 5 in 60 s, which its log says).
     */
    record Gap(String text, boolean mended) {
    }

    private ClusterGaps() {
    }

    /** The cluster's gaps, none when it has none (or its files cannot be read). */
    static List<Gap> of(ClusterFiles files) {
        List<Gap> out = new ArrayList<>();
        String again = "'mlos cluster down" + (files.name().equals(LocalClusters.DEFAULT) ? "" : " --name " + files.name())
                + "', then up, starts it again";
        try {
            Optional<SupervisorRecord> supervisor = SupervisorRecord.of(files);
            boolean restarting = supervisor.map(SupervisorRecord::restarts).orElse(false);
            if (supervisor.isPresent() && !supervisor.get().runs()) {
                out.add(new Gap("cluster " + files.name() + "'s supervisor (pid " + supervisor.get().pid()
                        + ") is not running: a node that dies is not restarted; " + again, false));
            }
            for (ClusterFiles.Entry e : files.read()) {
                if (!Processes.node(e.pid())) {
                    boolean data = e.node() != null && SupervisedNode.dataDir(e.node().args()).isPresent();
                    String slot = e.node() == null ? e.profile() : e.node().slot();
                    out.add(new Gap("cluster " + files.name() + " lists " + slot + " (pid " + e.pid() + "), which is not"
                            + " running: " + (restarting ? "its supervisor restarts it, unless it died 5"
                                    + " times in 60 s (then it is left dead, as the supervisor's log says: "
                                    + files.dir().resolve(files.name() + "-supervisor.log") + ")" : "nothing restarts it")
                            + "; " + again + (data ? ", on its data folder" : ""), restarting));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // told by nothing then, as before
        }
        return out;
    }
}
