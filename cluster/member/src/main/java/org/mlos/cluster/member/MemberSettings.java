package org.mlos.cluster.member;

import java.util.List;
import java.util.function.UnaryOperator;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * The member's settings, from framework properties (a profile's or {@code --set}), and the
 * Hazelcast configuration they make. Defaults suit a cluster of processes on one machine: TCP-IP
 * join on 127.0.0.1, multicast, auto-detection and phone-home off.
 *
 * <ul>
 * <li>{@code mlos.cluster.name}: the cluster's name (default {@code mlos}); members of another name are refused;</li>
 * <li>{@code mlos.cluster.members}: where to look for members, comma-separated, {@code host} (every
 *     port of the range below is tried) or {@code host:port} (default {@code 127.0.0.1});</li>
 * <li>{@code mlos.cluster.host}: the address this member binds and announces (default {@code 127.0.0.1});</li>
 * <li>{@code mlos.cluster.port}: the first port to try (default 5701), and
 *     {@code mlos.cluster.port.count} how many after it (default 20);</li>
 * <li>{@code mlos.cluster.discovery}: {@code tcp} (default) or {@code kubernetes}, with
 *     {@code mlos.cluster.kubernetes.namespace} and {@code mlos.cluster.kubernetes.service}
 *     (Hazelcast's Kubernetes discovery, for real deployments).</li>
 * </ul>
 */
record MemberSettings(String clusterName, List<String> members, String host, int port, int portCount,
        String discovery, String kubernetesNamespace, String kubernetesService) {

    static MemberSettings from(UnaryOperator<String> property) {
        String members = value(property, "mlos.cluster.members", "127.0.0.1");
        return new MemberSettings(value(property, "mlos.cluster.name", "mlos"),
                List.of(members.split("\\s*,\\s*")), value(property, "mlos.cluster.host", "127.0.0.1"),
                number(property, "mlos.cluster.port", 5701), number(property, "mlos.cluster.port.count", 20),
                value(property, "mlos.cluster.discovery", "tcp"),
                value(property, "mlos.cluster.kubernetes.namespace", ""),
                value(property, "mlos.cluster.kubernetes.service", ""));
    }

    Config toConfig(ClassLoader classLoader) {
        Config config = new Config();
        config.setClassLoader(classLoader);
        config.setClusterName(clusterName);
        config.setInstanceName("mlos-" + clusterName + "-" + ProcessHandle.current().pid());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // A bare host in the member list means every port of our range, not Hazelcast's first three:
        // on one machine, other clusters' members may hold the first ports.
        config.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(portCount));
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // the framework stops us, in order
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(portCount);
        network.getInterfaces().setEnabled(true).addInterface(host);
        network.setPublicAddress(null);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        switch (discovery) {
            case "tcp" -> {
                join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(1);
            }
            case "kubernetes" -> {
                join.getTcpIpConfig().setEnabled(false);
                join.getKubernetesConfig().setEnabled(true);
                if (!kubernetesNamespace.isEmpty()) {
                    join.getKubernetesConfig().setProperty("namespace", kubernetesNamespace);
                }
                if (!kubernetesService.isEmpty()) {
                    join.getKubernetesConfig().setProperty("service-name", kubernetesService);
                }
            }
            default -> throw new IllegalArgumentException("mlos.cluster.discovery must be tcp or kubernetes, was "
                    + discovery);
        }
        return config;
    }

    private static String value(UnaryOperator<String> property, String name, String fallback) {
        String v = property.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int number(UnaryOperator<String> property, String name, int fallback) {
        String v = value(property, name, Integer.toString(fallback));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("framework property " + name + " must be a number, was '" + v + "'", e);
        }
    }
}
