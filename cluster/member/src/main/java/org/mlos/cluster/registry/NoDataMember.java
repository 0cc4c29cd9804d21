package org.mlos.cluster.registry;

/**
 * What a read of the cluster's maps meets between the last data member's departure and a lite
 * member's promotion, in words: Hazelcast's were "Target of invocation cannot be found! Partition
 * owner is null but partitions can't be assigned since all nodes in the cluster are lite members",
 * printed by {@code mlos nodes} and by a swap that looked for a remote implementation's node.
 */
public final class NoDataMember extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public static final String WHY = "no member of the cluster holds data just now (the last one left): the registry and the"
            + " swap decisions cannot be read until one does; the oldest lite member takes over"
            + " shortly (or start a node that holds data, e.g. mlos scale full +1), then ask again";

    public NoDataMember(Throwable cause) {
        super(WHY, cause);
    }
}
