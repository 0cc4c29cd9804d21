package org.mlos.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "autoscale", mixinStandardHelpOptions = true,
        description = { "Asks a running node about the cluster autoscaler.",
                "'status': on or off, whether this node's autoscaler leads, its decisions, requests and outcomes"
                        + " so far; without --node, of the node whose autoscaler leads. 'requests': the scale"
                        + " requests waiting for the supervisor. The decisions themselves are in"
                        + " 'mlos journal tail' on the leading node." })
final class AutoscaleCommand extends NodeRequestCommand {
    @Parameters(index = "0", description = "status or requests")
    String action;

    /** The node found to lead when no --node was given, with what it answered. */
    private AutoscaleLeader.Answer found;

    @Override
    String request() {
        if (!"status".equals(action) && !"requests".equals(action)) {
            throw new IllegalArgumentException("mlos autoscale takes 'status' or 'requests', not '" + action + "'");
        }
        return "autoscale " + action;
    }

    /** The requests are the cluster's (a map every member reads): any member answers; a status is one node's. */
    @Override
    boolean cluster() {
        return "requests".equals(action);
    }

    /**
     * A status without --node, several nodes running: the leader's, the one an operator asks
     * about; which node that is goes to standard error (the status names the cluster member,
     * not the process that --node and journal tail take).
     */
    @Override
    NodeClient.RunningNode target() throws java.io.IOException, InterruptedException {
        if (node != null || cluster() || NodeClient.running().size() < 2) {
            return super.target();
        }
        found = AutoscaleLeader.find(name);
        System.err.println("mlos: " + found.label() + (found.state().equals("leading") ? ", whose autoscaler leads"
                : ", the only cluster member here") + ":");
        return found.node();
    }

    /**
     * With --json, the leader's status that found it is the answer: it is not asked a second
     * time. A refusal (busy) or a reply not read as a status is asked again.
     */
    @Override
    String ask(NodeClient.RunningNode target, String request) throws java.io.IOException {
        if (found != null && found.node() == target && found.isStatus() && request.equals(AutoscaleLeader.REQUEST)) {
            return found.reply();
        }
        return super.ask(target, request);
    }

    @Override
    String notAnswered(NodeClient.RunningNode target) {
        return "node " + target.label() + " is not a cluster member: its profile (" + target.profile() + ") has no"
                + " cluster bundle, so no autoscaler; ask a node of the cluster with --node (mlos nodes lists them)";
    }
}
