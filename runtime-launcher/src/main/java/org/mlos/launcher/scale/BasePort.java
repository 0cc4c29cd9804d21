package org.mlos.launcher.scale;

import java.util.ArrayList;
import java.util.List;

import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * A local cluster's memcached nodes on ports of the operator's choosing: {@code cluster up --set
 * mlos.port=11211} puts them on 11211, 11212, … in slot order, and {@code mlos scale} puts a new
 * one on the port after the highest any node of the cluster has, so that a client's server list
 * can be written before the cluster starts. Every node was given that one port, and all but the
 * first failed to bind it; without a port given, each takes a free one ({@link ClusterProfiles#OWN_PORT}).
 */
public final class BasePort {

    private static final String SET = "--set";
    private static final String KEY = "mlos.port=";

    private BasePort() {
    }

    /** The port {@code --set mlos.port=N} gives last in {@code args} when N is a port (not 0, any), else 0. */
    public static int given(List<String> args) {
        int port = 0;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(SET) && args.get(i + 1).startsWith(KEY)) {
                port = parse(args.get(i + 1).substring(KEY.length()));
            }
        }
        return port;
    }

    /** The same port as {@link #given} from {@code cluster up}'s {@code --set} values ({@code mlos.port=11211}). */
    public static int givenIn(List<String> sets) {
        List<String> args = new ArrayList<>();
        for (String s : sets) {
            args.add(SET);
            args.add(s.strip());
        }
        return given(args);
    }

    /** {@code args} ending with the node's own port, which wins over any given before it. */
    public static List<String> at(List<String> args, int port) {
        List<String> out = new ArrayList<>(args);
        out.add(SET);
        out.add(KEY + port);
        return out;
    }

    /**
     * The port of the {@code index}-th (from 0) new node of a scale: after the highest port given
     * to a node of the cluster, or 0 if none was given one (they take free ports).
     */
    public static int next(List<ClusterFiles.Entry> all, int index) {
        int highest = 0;
        for (ClusterFiles.Entry e : all) {
            if (e.node() != null) {
                highest = Math.max(highest, given(e.node().args()));
            }
        }
        return highest == 0 ? 0 : highest + 1 + index;
    }

    /**
     * Fails, saying what to do, when {@code count} nodes from {@code base} would go past the last
     * port.
     */
    public static void requireRoom(int base, int count) {
        if (base > 0 && base + count - 1 > 65535) {
            throw new IllegalArgumentException("--set mlos.port=" + base + " puts the cluster's " + count
                    + " memcached node(s) on ports " + base + " to " + (base + count - 1) + ", past 65535: give a lower port");
        }
    }

    private static int parse(String value) {
        try {
            int p = Integer.parseInt(value.strip());
            return p >= 1 && p <= 65535 ? p : 0;
        } catch (NumberFormatException notAPort) {
            return 0; // NodeArguments tells the node's own check of it
        }
    }
}
