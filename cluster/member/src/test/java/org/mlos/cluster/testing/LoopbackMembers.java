package org.mlos.cluster.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

/**
 * The configuration of a Hazelcast member for tests: 127.0.0.1 only, ports from {@code port} up
 * (50 of them), joining the other members of {@code cluster} on those ports by TCP, no multicast,
 * no phoning home, no wait before the join, Hazelcast's own logging off.
 */
public final class LoopbackMembers {

    private static final int PORTS = 50;

    private LoopbackMembers() {
    }

    public static Config config(String cluster, int port) {
        Config c = new Config().setClusterName(cluster);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(PORTS));
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(true).setPortCount(PORTS);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig j = c.getNetworkConfig().getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return c;
    }
}
