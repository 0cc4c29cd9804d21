package org.mlos.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "swaps", mixinStandardHelpOptions = true,
        description = { "Prints the swaps running now on a node, a line each, as far as each has got.",
                "A line: phase, entries moved so far of how many, time. With --cluster, the cluster swaps and"
                        + " rollouts a local member coordinates, node by node. 'mlos swap' and 'mlos rollout' print"
                        + " the same while they wait." })
final class SwapsCommand extends NodeRequestCommand {
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
