package org.mlos.cluster.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.api.ClusterSwapRequest.Strategy;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.scale.LoadBoard;
import org.mlos.core.api.KernelJson;
import org.mlos.core.api.NodeCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.hazelcast.core.HazelcastInstance;

/**
 * The cluster's commands, in the Gogo shell ({@code mlos:nodes}, {@code mlos:cswap},
 * {@code mlos:rollout}) and on the node's control socket, where {@code mlos nodes},
 * {@code mlos swap --cluster} and {@code mlos rollout} send them as {@code cluster ...} requests.
 */
@Component(service = NodeCommand.class, property = { NodeCommand.NAME + "=cluster", "osgi.command.scope=mlos",
        "osgi.command.function=nodes", "osgi.command.function=cswap", "osgi.command.function=rollout" })
public final class ClusterCommands implements NodeCommand {

    static final String USAGE = "usage: cluster nodes [--lines] | cluster swap <kind> <impl> [--strategy rolling|atomic]"
            + " [--profile <p>] [--timeout <seconds>] | cluster rollout <profile> <jar file> [--signature <base64>] [--restart-kinds] [--all-at-once]"
            + " | cluster safe | cluster progress [--lines]";

    @Reference
    private Cluster cluster;

    @Reference
    private HazelcastInstance instance;

    /** For DS. */
    public ClusterCommands() {
    }

    /** For tests: the requests that need only {@code cluster} (swap, rollout, progress), without Hazelcast. */
    ClusterCommands(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Gogo: the cluster's nodes. */
    public String nodes() {
        return NodeTable.render(cluster.name(), cluster.localNodeId(), cluster.nodes());
    }

    /** Gogo: a rolling swap on every node that has the kind. */
    public String cswap(String kind, String impl) {
        return cswap(kind, impl, "rolling");
    }

    /** Gogo: a swap on every node that has the kind, rolling or atomic. */
    public String cswap(String kind, String impl, String strategy) {
        return cluster.swap(new ClusterSwapRequest(kind, impl, null, strategy(strategy))).toText();
    }

    /** Gogo: a swap on the nodes of one profile. */
    public String cswap(String kind, String impl, String strategy, String profile) {
        return cluster.swap(new ClusterSwapRequest(kind, impl, profile, strategy(strategy))).toText();
    }

    /**
     * Gogo: installs a bundle jar (a file on this node's machine) on every node of a profile, with
     * the signature in {@code <jar>.sig} if there is one (nodes refuse unsigned jars).
     */
    public String rollout(String profile, String jar) throws IOException {
        return rollout(profile, jar, signatureBeside(jar)).toText();
    }

    /**
     * {@code rollout <profile> <jar> [--signature <base64>] [--restart-kinds] [--all-at-once]}: without a
     * signature, the one in {@code <jar>.sig}.
     */
    private RolloutReport rollout(List<String> args) throws IOException {
        List<String> a = new java.util.ArrayList<>(args);
        boolean restartKinds = a.remove("--restart-kinds");
        boolean allAtOnce = a.remove("--all-at-once");
        String signature = null;
        if (a.size() == 4 && a.get(2).equals("--signature")) {
            signature = a.get(3);
        } else if (a.size() != 2) {
            throw new IllegalArgumentException(USAGE);
        }
        return cluster.rollout(a.get(0), jarBytes(a.get(1)), signature != null ? signature : signatureBeside(a.get(1)),
                restartKinds, allAtOnce);
    }

    private RolloutReport rollout(String profile, String jar, String signature) throws IOException {
        return cluster.rollout(profile, jarBytes(jar), signature);
    }

    /** The jar's bytes; a jar that cannot be read is told as such (the exception's message alone is its path). */
    static byte[] jarBytes(String jar) {
        try {
            return Files.readAllBytes(Path.of(jar));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no bundle jar at " + jar + " on this node: give the path of a jar"
                    + " the node can read (an absolute one, on the node's machine)");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("cannot read the bundle jar " + jar + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "): give the path of a jar the node can read");
        }
    }

    private static String signatureBeside(String jar) throws IOException {
        Path sig = Path.of(jar + ".sig");
        return Files.isRegularFile(sig) ? Files.readString(sig).strip() : null;
    }

    @Override
    public String execute(List<String> args) {
        if (args.isEmpty()) {
            return "error: " + USAGE;
        }
        try {
            switch (args.get(0)) {
                case "nodes":
                    return args.contains("--lines") ? NodeTable.lines(cluster.nodes()) : nodes();
                case "swap":
                    return swap(args.subList(1, args.size()));
                case "safe":
                    return safe();
                case "progress":
                    return ProgressText.render(cluster.inFlight(), args.contains("--lines"));
                case "rollout":
                    return rollout(args.subList(1, args.size())).toText();
                default:
                    return "error: unknown cluster request " + args.get(0) + "; " + USAGE;
            }
        } catch (IllegalArgumentException | IOException e) {
            return "error: " + e.getMessage();
        } catch (com.hazelcast.partition.NoDataMemberInClusterException | org.mlos.cluster.registry.NoDataMember e) {
            return "error: " + NO_DATA_MEMBER;
        }
    }

    /** {@link org.mlos.cluster.registry.NoDataMember#WHY}. */
    static final String NO_DATA_MEMBER = org.mlos.cluster.registry.NoDataMember.WHY;

    /** The JSON forms of {@code nodes}, {@code swap}, {@code progress} and {@code rollout}; {@code safe}'s text wrapped. */
    @Override
    public String executeJson(List<String> args) {
        try {
            switch (args.isEmpty() ? "" : args.get(0)) {
                case "nodes":
                    return ClusterJson.nodes(cluster.name(), cluster.localNodeId(), cluster.nodes(),
                            LoadBoard.read(LocalNode.of(instance)));
                case "progress":
                    return ClusterJson.progress(cluster.inFlight());
                case "swap":
                    return ClusterJson.swap(swapReport(args.subList(1, args.size())));
                case "rollout":
                    return ClusterJson.rollout(rollout(args.subList(1, args.size())));
                default:
                    break;
            }
        } catch (IllegalArgumentException | IOException e) {
            return KernelJson.error(e.getMessage());
        } catch (com.hazelcast.partition.NoDataMemberInClusterException | org.mlos.cluster.registry.NoDataMember e) {
            return KernelJson.error(NO_DATA_MEMBER);
        }
        return NodeCommand.super.executeJson(args);
    }

    /**
     * Whether every partition of the cluster's maps has all its backups in place, so that one
     * data node (or as many as the backup count) may go without losing an item; and how many
     * members hold data.
     */
    private String safe() {
        long data = instance.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).count();
        return "safe=" + instance.getPartitionService().isClusterSafe() + " data_members=" + data + " lite_members="
                + (instance.getCluster().getMembers().size() - data) + "\n";
    }

    private String swap(List<String> args) {
        return swapReport(args).toText();
    }

    /**
     * A swap's {@code --timeout}: 0 and negative numbers were taken for the default (60 s), and
     * a swap an operator meant to bound ran unbounded by what was asked.
     */
    static Duration seconds(String value) {
        long s;
        try {
            s = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            s = 0;
        }
        if (s < 1) {
            throw new IllegalArgumentException("--timeout takes whole seconds, 1 or more (how long a node may go without"
                    + " answering, or in a rolling swap without progress; 60 unless given), not '" + value + "'");
        }
        return Duration.ofSeconds(s);
    }

    private ClusterSwapReport swapReport(List<String> args) {
        List<String> positional = new ArrayList<>();
        String strategy = "rolling";
        String profile = null;
        Duration timeout = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value; " + USAGE);
            }
            switch (a) {
                case "--strategy" -> strategy = args.get(++i);
                case "--profile" -> profile = args.get(++i);
                case "--timeout" -> timeout = seconds(args.get(++i));
                default -> positional.add(a);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException(USAGE);
        }
        return cluster.swap(new ClusterSwapRequest(positional.get(0), positional.get(1), profile, strategy(strategy), timeout));
    }

    private static Strategy strategy(String s) {
        try {
            return Strategy.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("strategy must be rolling or atomic, not " + s);
        }
    }
}
