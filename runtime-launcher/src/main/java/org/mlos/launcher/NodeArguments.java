package org.mlos.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's arguments for a node ({@code --set k=v}, {@code --port n}, memcached's options),
 * checked as {@code mlos run} checks them, for the commands that start node processes: a mistake
 * is reported before any node starts, not by the first node that trips on it (a cluster half up).
 */
public final class NodeArguments {

    private NodeArguments() {
    }

    /**
     * Fails with what was wrong if a node of {@code profile} would refuse {@code args}.
     *
     * @throws IllegalArgumentException the launcher's own message, e.g. {@code --set takes key=value, got 'foo'}
     */
    public static void check(String profile, List<String> args) {
        List<String> all = new ArrayList<>(args.size() + 1);
        all.add(profile);
        all.addAll(args);
        NodeOptions.parse(all.toArray(new String[0]), false);
    }
}
