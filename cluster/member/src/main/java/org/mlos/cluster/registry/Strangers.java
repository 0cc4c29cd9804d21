package org.mlos.cluster.registry;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.mlos.cluster.auth.SealedEntries;
import org.mlos.cluster.node.LocalNode;

import com.hazelcast.client.Client;
import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;

/**
 * The network addresses a refused message may have come from, for the log line, when Hazelcast
 * cannot say which one it was (an executor task does not know its submitter): the members of the
 * cluster that have no verified registry entry (a node publishes its entry within a moment of
 * joining, so a member without one for longer is a stranger) and the clients connected to this
 * member. Addresses are the ones Hazelcast's connections see, not what a message claims.
 */
public final class Strangers {

    private Strangers() {
    }

    /** "members without a verified registry entry: host:port (uuid); clients connected to this member: host:port (uuid)". */
    public static String describe(LocalNode node) {
        StringJoiner members = new StringJoiner(", ");
        try {
            Set<String> verified = verifiedIds(node);
            for (Member m : node.instance().getCluster().getMembers()) {
                if (!m.localMember() && !verified.contains(m.getUuid().toString())) {
                    members.add(address(m.getAddress()) + " (" + m.getUuid() + (m.isLiteMember() ? ", lite" : "") + ")");
                }
            }
        } catch (RuntimeException registryUnreadable) {
            members.add("(the registry cannot be read: " + registryUnreadable.getClass().getSimpleName() + ")");
        }
        StringJoiner clients = new StringJoiner(", ");
        for (Client c : node.instance().getClientService().getConnectedClients()) {
            clients.add(address(c.getSocketAddress()) + " (" + c.getUuid() + ")");
        }
        return "members without a verified registry entry: " + (members.length() == 0 ? "none" : members)
                + "; clients connected to this member: " + (clients.length() == 0 ? "none" : clients);
    }

    /** host:port as a connection sees it. */
    public static String address(Address a) {
        return a == null ? "(unknown)" : a.getHost() + ":" + a.getPort();
    }

    static String address(InetSocketAddress a) {
        return a == null ? "(unknown)" : a.getHostString() + ":" + a.getPort();
    }

    private static Set<String> verifiedIds(LocalNode node) {
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, byte[]> e : SealedEntries.of(node.instance().<String, byte[]>getMap(NodeRegistry.MAP))) {
            if (NodeRegistry.verified(node, e.getKey(), e.getValue()) != null) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }
}
