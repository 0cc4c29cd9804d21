package org.mlos.launcher.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that ask a running node something: {@code kinds}, {@code swap}, {@code history}. */
abstract class NodeRequestCommand implements Callable<Integer> {

    @Option(names = "--node", description = "which node: its pid, its profile, or profile-pid "
            + "(needed only when several run)")
    String node;

    @Option(names = "--json", description = "print the node's reply as one JSON document (for scripts), "
            + "{\"error\": …} on failure")
    boolean json;

    abstract String request();

    /** True if the request is for the cluster (sent to a local member) rather than one node. */
    boolean cluster() {
        return false;
    }

    /**
     * Lines printed while waiting for the reply, asked of {@code target} (the node the request
     * went to); none unless the request may take long.
     */
    ProgressLines progress(NodeClient.RunningNode target) {
        return ProgressLines.none();
    }

    /** Progress of a cluster operation, asked of the member that coordinates it. */
    static ProgressLines clusterProgress(String what, NodeClient.RunningNode member) {
        return ProgressLines.of(what, () -> NodeClient.request(member, "cluster progress --lines"), System.err);
    }

    /** True if the reply means the request did what was asked. */
    boolean succeeded(String reply) {
        return !reply.startsWith("error:");
    }

    /** True if the JSON reply means the request did what was asked. */
    boolean succeededJson(String reply) {
        return !reply.startsWith("{\"error\":");
    }

    @Override
    @SuppressWarnings("try") // the lines run for the length of the block; nothing in it refers to them
    public Integer call() {
        try {
            String reply;
            String request = json ? "json " + request() : request();
            NodeClient.RunningNode target = cluster() ? NodeClient.clusterMember(node) : NodeClient.pick(node);
            if (target == null) {
                reply = null;
            } else {
                try (ProgressLines lines = progress(target)) {
                    reply = NodeClient.request(target, request);
                }
            }
            if (reply == null) {
                System.err.println("mlos: no node on this machine is a cluster member (start one with: mlos run cache,"
                        + " or mlos cluster up)");
                return 1;
            }
            System.out.print(reply);
            return (json ? succeededJson(reply) : succeeded(reply)) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("mlos: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "kinds", mixinStandardHelpOptions = true,
            description = "Lists a running node's service kinds: active implementation, candidates, calls served, swaps.")
    static final class Kinds extends NodeRequestCommand {
        @Override
        String request() {
            return "kinds";
        }
    }

    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = { "Installs a bundle jar on every node of a profile in the cluster (updates it where a",
                    "bundle of its symbolic name runs), signed with the operator's key (~/.config/mlos/rollout.key);",
                    "each node installs only jars signed by a key it trusts, and a node where it does not",
                    "resolve or start goes back to what it ran. Exit code 0 only if every node took it." })
    static final class Rollout extends NodeRequestCommand {
        @Parameters(index = "0", description = "the bundle jar")
        java.nio.file.Path jar;

        @Option(names = "--profile", required = true, description = "the profile whose nodes get it")
        String profile;

        @Option(names = "--key", description = "the Ed25519 private key to sign with, PKCS#8 in base64"
                + " (default: rollout.key in the user's mlos config folder)")
        java.nio.file.Path key;

        @Override
        boolean cluster() {
            return true;
        }

        @Override
        ProgressLines progress(NodeClient.RunningNode member) {
            return clusterProgress("rollout of " + jar.getFileName() + " to profile " + profile, member);
        }

        @Override
        String request() {
            if (!java.nio.file.Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no such file: " + jar);
            }
            try {
                java.nio.file.Path signWith = key == null ? org.mlos.launcher.OperatorKeys.user().privateKey() : key;
                return "cluster rollout " + profile + " " + jar.toAbsolutePath() + " --signature "
                        + org.mlos.launcher.OperatorKeys.sign(signWith, java.nio.file.Files.readAllBytes(jar));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        @Override
        boolean succeeded(String reply) {
            return reply.startsWith("ROLLED_OUT");
        }

        @Override
        boolean succeededJson(String reply) {
            return reply.startsWith("{\"text\":\"ROLLED_OUT");
        }
    }

    @Command(name = "autoscale", mixinStandardHelpOptions = true,
            description = { "Asks a running node about the cluster autoscaler: 'status' (on or off, whether this node's",
                    "leads, its decisions, requests and outcomes so far) or 'requests' (the scale requests",
                    "waiting for the supervisor). The decisions themselves: mlos journal tail on the leader." })
    static final class Autoscale extends NodeRequestCommand {
        @Parameters(index = "0", description = "status or requests")
        String action;

        @Override
        String request() {
            if (!"status".equals(action) && !"requests".equals(action)) {
                throw new IllegalArgumentException("mlos autoscale takes 'status' or 'requests', not '" + action + "'");
            }
            return "autoscale " + action;
        }
    }

    @Command(name = "journal", mixinStandardHelpOptions = true,
            description = { "Prints the last records of a running node's journal: its swap reports and the swap",
                    "supervisor's decisions (journaled when the node runs with mlos.fault.dir)." })
    static final class JournalTail extends NodeRequestCommand {
        @Parameters(index = "0", description = "tail")
        String action;

        @Option(names = { "-n", "--lines" }, defaultValue = "20", description = "how many records (default ${DEFAULT-VALUE})")
        int lines;

        @Override
        String request() {
            if (!"tail".equals(action)) {
                throw new IllegalArgumentException("mlos journal takes 'tail', not '" + action + "'");
            }
            if (lines < 1) {
                throw new IllegalArgumentException("--lines must be at least 1, got " + lines);
            }
            return "journal tail " + lines;
        }
    }

    @Command(name = "swaps", mixinStandardHelpOptions = true,
            description = { "Prints the swaps running now on a node, a line each, as far as each has",
                    "got (phase, entries moved so far of how many, time); with --cluster, the",
                    "cluster swaps and rollouts a local member coordinates, node by node.",
                    "'mlos swap' and 'mlos rollout' print the same while they wait." })
    static final class Swaps extends NodeRequestCommand {
        @Parameters(index = "0", arity = "0..1", description = "only this kind (fully qualified or simple name)")
        String kind;

        @Option(names = "--cluster", description = "the cluster operations a local member coordinates")
        boolean cluster;

        @Override
        boolean cluster() {
            return cluster;
        }

        @Override
        String request() {
            if (cluster) {
                if (kind != null) {
                    throw new IllegalArgumentException("--cluster lists every cluster operation; it takes no kind");
                }
                return "cluster progress";
            }
            return kind == null ? "swaps" : "swaps " + kind;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Prints a running node's swap reports, oldest first.")
    static final class History extends NodeRequestCommand {
        @Override
        String request() {
            return "history";
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
            description = { "Swaps a kind's implementation on a running node while callers keep calling,",
                    "and prints the swap report; with --cluster, on every node of the cluster that has the kind",
                    "(or of one profile), with a report per node. Exit code 0 only if the swap completed." })
    static final class Swap extends NodeRequestCommand {
        @Parameters(index = "0", description = "the kind: fully qualified or simple interface name")
        String kind;

        @Parameters(index = "1", description = "the implementation's mlos.impl name")
        String impl;

        @Option(names = "--cluster", description = "swap across the cluster (asks a local member to coordinate)")
        boolean cluster;

        @Option(names = "--strategy", defaultValue = "rolling", description = "with --cluster: rolling (node by node, "
                + "stop at the first failure) or atomic (all or nothing); default ${DEFAULT-VALUE}")
        String strategy;

        @Option(names = "--profile", description = "with --cluster: only the nodes of this profile")
        String profile;

        @Option(names = "--timeout", description = "with --cluster: seconds to wait for any one node (default 60)")
        Integer timeout;

        @Override
        boolean cluster() {
            return cluster;
        }

        @Override
        ProgressLines progress(NodeClient.RunningNode target) {
            if (cluster) {
                return clusterProgress("swap of " + kind + " to " + impl + " across the cluster", target);
            }
            return ProgressLines.of("swap of " + kind + " to " + impl,
                    () -> NodeClient.request(target, "swaps " + kind + " --lines"), System.err);
        }

        @Override
        String request() {
            if (!cluster) {
                return "swap " + kind + " " + impl;
            }
            return "cluster swap " + kind + " " + impl + " --strategy " + strategy
                    + (profile == null ? "" : " --profile " + profile) + (timeout == null ? "" : " --timeout " + timeout);
        }

        @Override
        boolean succeeded(String reply) {
            return reply.startsWith("COMPLETED");
        }

        @Override
        boolean succeededJson(String reply) {
            // A node's report is an object with "outcome" among its members; a cluster swap's text
            // reply (wrapped as {"text": …}) opens with the overall outcome.
            return reply.contains("\"outcome\":\"COMPLETED\"") || reply.startsWith("{\"text\":\"COMPLETED");
        }
    }
}
