package org.mlos.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "swap", mixinStandardHelpOptions = true,
        description = { "Swaps a kind's implementation on a running node while callers keep calling.",
                "Prints the swap report. With --cluster, swaps on every node of the cluster that has the kind"
                        + " (or of one profile), with a report per node. Exit code 0 only if the swap completed." })
final class SwapCommand extends NodeRequestCommand {
    @Parameters(index = "0", description = "the kind: fully qualified or simple interface name")
    String kind;

    @Parameters(index = "1", description = "the implementation's mlos.impl name")
    String impl;

    @Option(names = "--cluster", description = "swap across the cluster (asks a local member to coordinate)")
    boolean cluster;

    /** The cluster's strategies, as the member's {@code cluster swap} takes them: a misspelt one is a usage error here. */
    enum Strategy { rolling, atomic }

    @Option(names = "--strategy", description = "with --cluster: rolling (node by node, "
            + "stop at the first failure) or atomic (all or nothing); default rolling")
    Strategy strategy;

    @Option(names = "--profile", description = "with --cluster: only the nodes of this profile")
    String profile;

    @Option(names = "--timeout", description = "with --cluster: seconds to wait for any one node; rolling: seconds"
            + " a node's swap may go without progress (default 60)")
    Integer timeout;

    @Override
    boolean cluster() {
        return cluster;
    }

    @Override
    boolean mayTakeLong() {
        return true;
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
            // an operator who forgot --cluster swapped the node asked, whatever profile the
            // option named: the options said what was meant, and it was not that
            String clusterOnly = strategy != null ? "--strategy" : profile != null ? "--profile"
                    : timeout != null ? "--timeout" : null;
            if (clusterOnly != null) {
                throw new IllegalArgumentException(clusterOnly + " is for a swap across the cluster: add --cluster,"
                        + " or leave it out to swap on one node (--node picks which)");
            }
            return "swap " + kind + " " + impl;
        }
        return "cluster swap " + kind + " " + impl + " --strategy " + (strategy == null ? Strategy.rolling : strategy)
                + (profile == null ? "" : " --profile " + profile) + (timeout == null ? "" : " --timeout " + timeout);
    }

    @Override
    boolean succeeded(String reply) {
        return reply.startsWith("COMPLETED");
    }

    /**
     * A swap to {@code durable} on a node started without durability was told only that there is
     * no such implementation (an outsider's trial): durability is chosen as the node starts.
     */
    @Override
    String hint(String refusal) {
        if (!impl.equals("durable") || !refusal.contains("no implementation named durable")) {
            return null;
        }
        return "a node's store is made durable as it starts: mlos run <profile> --set mlos.fault.durability=sync"
                + " --set mlos.fault.dir=<folder> (services-fault/README.md, Durable stores)";
    }

    @Override
    String warning(String reply) {
        return SwapWarnings.of(kind, impl, cluster, reply);
    }

    @Override
    boolean succeededJson(String reply) {
        // A node's report is an object with "outcome" among its members; a cluster swap's text
        // reply (wrapped as {"text": …}) opens with the overall outcome.
        return reply.contains("\"outcome\":\"COMPLETED\"") || reply.startsWith("{\"text\":\"COMPLETED");
    }
}
