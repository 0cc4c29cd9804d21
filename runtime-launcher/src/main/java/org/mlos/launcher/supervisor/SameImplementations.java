package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.process.NodeProcess;

/**
 * A node started into a running cluster (by 'mlos scale', or restarted by the supervisor) runs
 * what the other nodes of its profile run: it boots on the profile's defaults, and a kind the
 * cluster was swapped away from them ('mlos swap --cluster') is swapped on it too, before it
 * serves. Without this a node added or restarted after a cluster swap ran the default, and the
 * cluster was left mixed without a word. The serving nodes tell what they run through their
 * control socket ({@code active}: a {@code <kind> <impl>} line per kind).
 */
public final class SameImplementations {

    private SameImplementations() {
    }

    /**
     * Swaps each of {@code joining} (named {@code names}, as {@code cache-3 (pid 4712)}) to what the profile's serving nodes
     * {@code staying} run: a kind that all of them run on one implementation other than the
     * joining node's. Implementations on other nodes ({@code impl@node}) are the staying nodes'
     * own. What cannot be done is told and the node kept as it booted: a scale or a restart never
     * fails on it.
     *
     * @return a line for each swap made or not made, with its outcome
     */
    public static List<String> align(List<ClusterFiles.Entry> staying, List<NodeProcess> joining,
            List<String> names) {
        List<String> out = new ArrayList<>();
        Map<String, String> agreed = null;
        for (ClusterFiles.Entry e : staying) {
            Map<String, String> theirs;
            try {
                theirs = active(AnswerWait.query(ControlSocket.of(e.profile(), e.pid()), "active"));
            } catch (ControlSocket.NoAnswer silent) {
                // a stopped node hung the scale or the restart here: the others still tell
                out.add(AnswerWait.message(e.name(), e.pid(), "active", silent)
                        + " The new nodes run what the others do.");
                continue;
            } catch (IOException gone) {
                continue; // a node leaving: the others still tell
            }
            if (theirs.isEmpty()) {
                out.add(e.name() + " (pid " + e.pid() + ") does not tell what it runs (an older node): the new nodes keep"
                        + " their defaults");
                return out;
            }
            if (agreed == null) {
                agreed = new LinkedHashMap<>(theirs);
            } else {
                agreed.entrySet().removeIf(k -> !k.getValue().equals(theirs.get(k.getKey())));
            }
        }
        if (agreed == null) {
            return out;
        }
        for (int i = 0; i < joining.size(); i++) {
            NodeProcess node = joining.get(i);
            String name = names.get(i);
            try {
                Map<String, String> own = active(node.request("active")); // waits for its control socket
                for (Map.Entry<String, String> k : agreed.entrySet()) {
                    String mine = own.get(k.getKey());
                    String impl = k.getValue();
                    if (mine == null || impl.equals("-") || impl.equals(mine)) {
                        continue;
                    }
                    String kind = k.getKey().substring(k.getKey().lastIndexOf('.') + 1);
                    if (impl.contains("@")) {
                        out.add(name + ": " + kind + " stays " + mine + "; the other " + node.profile() + " nodes run "
                                + impl + ", on another node (swap it there with mlos swap)");
                        continue;
                    }
                    String report = node.request("swap " + k.getKey() + " " + impl).strip();
                    boolean done = report.startsWith("COMPLETED") || report.startsWith("UNCHANGED");
                    out.add(name + ": " + kind + " " + mine + " -> " + impl + ", as the other " + node.profile()
                            + " nodes run it: " + (done ? report.split(" ", 2)[0] : report + (report.contains("no implementation named")
                                    ? " (a node started now runs its profile's bundles: roll a rolled-out bundle out again, to"
                                            + " it too, with mlos rollout)" : "")));
                }
            } catch (IOException e) {
                out.add(name + ": cannot tell what it runs (" + e.getMessage() + "); it keeps its defaults");
            }
        }
        return out;
    }

    /** The {@code active} answer of a node: kind to active implementation; empty from a node that does not know the request. */
    private static Map<String, String> active(String reply) {
        Map<String, String> out = new LinkedHashMap<>();
        if (reply.startsWith("error")) {
            return out;
        }
        for (String line : reply.split("\\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2) {
                out.put(f[0], f[1]);
            }
        }
        return out;
    }
}
