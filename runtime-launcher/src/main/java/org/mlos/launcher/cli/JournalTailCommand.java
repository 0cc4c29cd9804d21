package org.mlos.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "journal", mixinStandardHelpOptions = true,
        description = { "Prints the last records of a running node's journal.",
                "A line a record: its sequence number, the time (ms since the epoch), then what happened: swap"
                        + " reports, swap-supervision decisions, cluster events, restarts by the node supervisor,"
                        + " the autoscaler's decisions and their outcomes. Nodes with the fault services keep a"
                        + " journal (the cache profiles; a worker keeps none); it outlives the node in"
                        + " mlos.fault.dir (mlos cluster up --supervise or --autoscale sets one per node)." })
final class JournalTailCommand extends NodeRequestCommand {
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
            throw new IllegalArgumentException("-n/--lines must be at least 1, got " + lines);
        }
        return "journal tail " + lines;
    }

    @Override
    String notAnswered(NodeClient.RunningNode target) {
        return "node " + target.label() + " keeps no journal: its profile (" + target.profile() + ") has no fault"
                + " services (bundle org.mlos.fault), which journal swaps, supervision and the autoscaler's decisions"
                + " (into mlos.fault.dir). Ask a node that has them with --node <pid>, a cache node say"
                + " (mlos nodes lists the running ones; the autoscaler's decisions are on its leader:"
                + " mlos autoscale status, without --node, asks every node and shows the leader's)";
    }
}
