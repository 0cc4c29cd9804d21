package org.mlos.cluster.member;

import java.util.List;
import java.util.function.UnaryOperator;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.mlos.cluster.api.ClusterProperties;
import org.mlos.cluster.auth.ClusterNames;
import org.mlos.cluster.task.SealedTask;
import org.mlos.core.settings.Settings;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;

/**
 * The member's settings, from framework properties (a profile's or {@code --set}), and the
 * Hazelcast configuration they make. Defaults suit a cluster of processes on one machine: TCP-IP
 * join on 127.0.0.1, multicast, auto-detection and phone-home off.
 *
 * <ul>
 * <li>{@code mlos.cluster.name}: the cluster's name (default {@code mlos}); Hazelcast's name is it and a
 *     digest of the secret ({@link #hazelcastClusterName}), so members of another name or another secret are refused;</li>
 * <li>{@code mlos.cluster.members}: where to look for members, comma-separated, {@code host} (every
 *     port of the range below is tried) or {@code host:port} (default {@code 127.0.0.1});</li>
 * <li>{@code mlos.cluster.host}: the address this member binds and announces (default {@code 127.0.0.1});</li>
 * <li>{@code mlos.cluster.port}: the first port to try (default 5701), and
 *     {@code mlos.cluster.port.count} how many after it (default 20);</li>
 * <li>{@code mlos.cluster.data}: whether the member holds partitions of the cluster's maps (default:
 *     true where the profile has the distributed store); the others join as lite members;</li>
 * <li>{@code mlos.cluster.auth}: {@code off} sends control messages unauthenticated, to measure what
 *     authentication costs; refused beyond loopback;</li>
 * <li>{@code mlos.cluster.discovery}: {@code tcp} (default) or {@code kubernetes}, with
 *     {@code mlos.cluster.kubernetes.namespace} and {@code mlos.cluster.kubernetes.service}
 *     (Hazelcast's Kubernetes discovery, for real deployments).</li>
 * </ul>
 *
 * The member listens on {@code mlos.cluster.host} only, and refuses to listen anywhere but on a
 * loopback address without a cluster secret ({@link #refuseExposureWithoutSecret}). Java
 * serialization is filtered to Hazelcast's and the JDK's own classes: what members send each
 * other is byte arrays and strings, and our one task class is written by Hazelcast's data
 * serialization.
 */
record MemberSettings(String clusterName, List<String> members, String host, int port, int portCount,
        String discovery, String kubernetesNamespace, String kubernetesService, boolean data, boolean authenticate,
        StoreMapConfig store) {

    /** How long a silent member stays in the cluster (a pause, a GC, a partition), in seconds. */
    static final int MAX_NO_HEARTBEAT_SECONDS = 10;
    /**
     * Where this member looks for the others, for the messages of a join that does not end: e.g.
     * {@code 127.0.0.1 ports 5701-5720}. A program that is not a member listening there keeps the
     * join waiting (an outsider's memcached on one of the ports held a cluster up for 90 s).
     */
    String searched() {
        return String.join(",", members) + " ports " + port + "-" + (port + portCount - 1);
    }

    /** How long a member looks for the members it lost at their last addresses (see {@link MergeTargets}). */
    static final int LOST_MEMBER_SEARCH_SECONDS = 30;

    static MemberSettings from(UnaryOperator<String> property) {
        return from(property, true);
    }

    /**
     * @param servesData whether the node's profile serves data from the cluster (has the
     *        distributed store): the default of {@code mlos.cluster.data}
     */
    static MemberSettings from(UnaryOperator<String> property, boolean servesData) {
        Settings s = Settings.of(property::apply, "framework property");
        String members = s.text(ClusterProperties.MEMBERS, "127.0.0.1");
        return new MemberSettings(s.text(ClusterProperties.NAME, "mlos"), List.of(members.split("\\s*,\\s*")),
                s.text(ClusterProperties.HOST, "127.0.0.1"), s.integer(ClusterProperties.PORT, 5701, 1, 65535),
                s.integer(ClusterProperties.PORT_COUNT, 20, 1, 1000),
                s.choice(ClusterProperties.DISCOVERY, "tcp", "tcp", "kubernetes"),
                s.text(ClusterProperties.KUBERNETES_NAMESPACE, ""), s.text(ClusterProperties.KUBERNETES_SERVICE, ""),
                s.flag(ClusterProperties.DATA, servesData),
                s.choice(ClusterProperties.AUTH, "on", "on", "off").equals("on"), StoreMapConfig.from(s));
    }

    /**
     * Refuses a member that anyone beyond this machine could reach (a non-loopback host, or
     * Kubernetes discovery) when it has no cluster secret: Hazelcast's open-source edition lets
     * any process that reaches the port join, so the secret is the only thing between a stranger
     * and the cluster's swaps and rollouts.
     */
    void refuseExposureWithoutSecret(boolean hasSecret) {
        if (!authenticate && (!discovery.equals("tcp") || !isLoopback(host))) {
            throw new IllegalStateException("mlos.cluster.auth=off is for measurements on one machine: refused with "
                    + "mlos.cluster.host=" + host + " and mlos.cluster.discovery=" + discovery);
        }
        if (hasSecret) {
            return;
        }
        if (!discovery.equals("tcp")) {
            throw new IllegalStateException("mlos.cluster.discovery=" + discovery + " reaches beyond this machine, and this"
                    + " node has no cluster secret; give every node the same one (" + SECRET_HOWTO + ")");
        }
        if (!isLoopback(host)) {
            throw new IllegalStateException("refusing to bind the cluster member to " + host + " (mlos.cluster.host) without a"
                    + " cluster secret: anyone who reaches that address could join the cluster and command its nodes;"
                    + " give every node the same secret (" + SECRET_HOWTO + ") or bind 127.0.0.1");
        }
    }

    static final String SECRET_HOWTO = "mlos.cluster.secret.file, MLOS_CLUSTER_SECRET_FILE or MLOS_CLUSTER_SECRET;"
            + " 'mlos cluster up' creates one";

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The name this member gives Hazelcast, which refuses members of any other: {@code mlos.cluster.name}
     * and a digest of the secret the member authenticates with ({@link ClusterNames}), so that nodes
     * without a common secret never meet (a node with none has a secret of its own, and stays alone);
     * with {@code mlos.cluster.auth=off}, {@value #UNAUTHENTICATED} after it, since such a member takes
     * what the others refuse.
     *
     * @param secret the secret the member authenticates with; null only with {@code mlos.cluster.auth=off} and no secret
     */
    String hazelcastClusterName(byte[] secret) {
        String name = secret == null ? clusterName : ClusterNames.withSecret(clusterName, secret);
        return authenticate ? name : name + UNAUTHENTICATED;
    }

    static final String UNAUTHENTICATED = "-unauthenticated";

    /**
     * The member's Hazelcast configuration, under the configured cluster name: the member sets
     * {@link #hazelcastClusterName} once it has the secret it authenticates with, on the join thread.
     */
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
        // A member silent this long (SIGSTOP, a long GC, a partition) is dropped, so that the
        // others carry on; when it speaks again it finds itself alone and merges back, as a new
        // member. Hazelcast's defaults (60 s; merge checks after 300 s, then every 120 s) would keep
        // a resumed node out of the registry for minutes.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        config.setProperty("hazelcast.tcp.join.previously.joined.member.address.retention.seconds",
                Integer.toString(LOST_MEMBER_SEARCH_SECONDS));
        // Nodes that serve no data from the cluster hold none: losing one then costs no partition.
        config.setLiteMember(!data);
        // Hazelcast listens on every interface unless told not to, whatever interfaces are enabled.
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getSerializationConfig().setJavaSerializationFilterConfig(JavaSerializationAllowList.config())
                .addDataSerializableFactory(SealedTask.FACTORY_ID, SealedTask.factory());
        WireFormats.declare(config, WireFormats.CURRENT);
        store.declare(config);
        config.getJetConfig().setEnabled(false);
        config.getUserCodeDeploymentConfig().setEnabled(false);
        // Members only: Hazelcast's one socket for all protocols also took clients, and a client that
        // knew the cluster's name (it travels in the clear) put values every node read (a list
        // declaring 2^31 elements stopped every node out of memory). With a member endpoint and no
        // client endpoint, the member port speaks the member protocol alone; no node is a client.
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig memberEndpoint = new ServerSocketEndpointConfig();
        memberEndpoint.setPort(port).setPortAutoIncrement(true).setPortCount(portCount);
        memberEndpoint.getInterfaces().setEnabled(true).addInterface(host);
        memberEndpoint.setPublicAddress(null);
        network.setMemberEndpointConfig(memberEndpoint);
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
}
