package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.scale.LocalScaler;
import org.mlos.launcher.scale.ScaleRequestExecutor;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.NodeSupervisor;

/**
 * The supervisor process of a local cluster ({@code mlos cluster up}), the one process that owns
 * its node processes, with one or both duties: {@value #RESTART} ({@code --supervise}) restarts
 * dead nodes ({@link NodeSupervisor}); {@value #SCALE} ({@code --autoscale}) carries out the
 * cluster autoscaler's scale requests ({@link ScaleRequestExecutor}), polling every
 * {@value #SCALE_POLL_MS} ms. Its lines go to {@code <name>-supervisor.log}.
 *
 * <p>Arguments: the cluster's name, the folder of its files, then the duties.
 */
public final class SupervisorProcess {

    public static final String RESTART = "--restart";
    public static final String SCALE = "--scale-requests";
    static final long SCALE_POLL_MS = 500;

    private SupervisorProcess() {
    }

    public static void main(String[] args) throws Exception {
        List<String> duties = args.length < 2 ? List.of() : List.of(args).subList(2, args.length);
        if (args.length < 3 || !List.of(RESTART, SCALE).containsAll(duties)) {
            System.err.println("usage: SupervisorProcess <cluster name> <state folder> [" + RESTART + "] [" + SCALE + "]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        String name = args[0];
        if (duties.contains(SCALE)) {
            Thread t = new Thread(() -> executeScaleRequests(dir, name), "mlos-scale-requests");
            t.setDaemon(duties.contains(RESTART)); // alone, it is what keeps the process running
            t.start();
        }
        if (duties.contains(RESTART)) {
            NodeSupervisor.supervise(dir, name);
        }
    }

    /** Carries out the autoscaler's requests until the process ends ({@code mlos cluster down}). */
    private static void executeScaleRequests(Path dir, String name) {
        ClusterFiles files = new ClusterFiles(dir, name);
        ScaleRequestExecutor executor = new ScaleRequestExecutor(new LocalScaler(NodeLayout.fromSystemProperties(), files,
                1500, NodeSupervisor::say), NodeSupervisor::say, NodeSupervisor::restarting);
        NodeSupervisor.say("carrying out the autoscaler's scale requests for cluster " + name);
        String lastFailure = null;
        while (true) {
            try {
                executor.poll();
                lastFailure = null;
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(lastFailure)) { // once, not every poll
                    NodeSupervisor.say("no scale requests read: " + e.getMessage());
                    lastFailure = String.valueOf(e.getMessage());
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(SCALE_POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
