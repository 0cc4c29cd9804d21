package org.mlos.cluster.node;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The operations this node runs for its peers, by name: the only tasks a received message can
 * make. A name not listed here is refused, whoever sealed it.
 */
public final class TaskTypes {

    private final Map<String, Function<List<String>, NodeTask>> types = new ConcurrentHashMap<>();

    public TaskTypes add(String op, Function<List<String>, NodeTask> make) {
        types.put(op, make);
        return this;
    }

    /** Makes the task a peer named; a name not added here is refused. */
    public NodeTask make(String op, List<String> args) {
        Function<List<String>, NodeTask> f = types.get(op);
        if (f == null) {
            throw new IllegalArgumentException("no task named " + op);
        }
        return f.apply(args);
    }
}
