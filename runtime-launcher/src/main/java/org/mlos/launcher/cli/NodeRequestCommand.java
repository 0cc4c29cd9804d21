package org.mlos.launcher.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Option;

/**
 * What the commands that ask a running node something share ({@code kinds}, {@code swap},
 * {@code history} …, each a subclass): which node, through its control socket, and how its reply is
 * printed and turned into an exit code.
 */
abstract class NodeRequestCommand implements Callable<Integer> {

    @Option(names = "--node", description = "which node: its pid, its profile, profile-pid, or its name in a local cluster (cache-1, demo/cache-1) "
            + "(needed only when several run)")
    String node;

    @Option(names = "--name", paramLabel = "<cluster>", description = "the local cluster ('mlos cluster up --name'):"
            + " --node and a cluster request pick among its nodes (default: cluster mlos when it is up, else any node)")
    String name;

    @Option(names = "--json", description = "print the node's reply as one JSON document (for scripts), "
            + "{\"error\": …} on failure")
    boolean json;

    abstract String request();

    /** True if the request is for the cluster (sent to a local member) rather than one node. */
    boolean cluster() {
        return false;
    }

    /** The node the request goes to: the one {@code --node} names (the only one if unnamed), or a member for a cluster request; null if none is a member. */
    NodeClient.RunningNode target() throws java.io.IOException, InterruptedException {
        if (!cluster()) {
            return NodeClient.pick(node, name);
        }
        NodeClient.RunningNode member = NodeClient.clusterMember(NodeClient.candidates(node, name,
                "mlos " + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " …"));
        // two local clusters up: a cluster request acted on one without a word of which
        String which = LocalClusters.read().actingOn(member);
        if (which != null) {
            System.err.println("mlos: " + which);
        }
        return member;
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

    /**
     * The node's reply to {@code request}; asked over its control socket unless a command has it
     * already. A query has {@link SilentNode#within()} to answer; a request that may take long as
     * long as the node keeps answering (a swap of a large store takes a minute).
     */
    String ask(NodeClient.RunningNode target, String request) throws java.io.IOException {
        return mayTakeLong() ? NodeClient.requestWhileAnswering(target, request) : NodeClient.request(target, request);
    }

    /** True for a request that may take long; false for a query, answered at once. */
    boolean mayTakeLong() {
        return false;
    }

    /** True if the reply means the request did what was asked. */
    boolean succeeded(String reply) {
        return !reply.startsWith("error:");
    }

    /** What the user should know of a reply that did what was asked, or null. */
    String warning(String reply) {
        return null;
    }

    /** True if the JSON reply means the request did what was asked. */
    boolean succeededJson(String reply) {
        return !reply.startsWith("{\"error\":");
    }

    /**
     * What to say when the node does not know the request at all (its profile lacks the bundle
     * that answers it), instead of the control socket's own "unknown request …; known: …", which
     * is about the protocol, not about what the user asked.
     */
    String notAnswered(NodeClient.RunningNode target) {
        return "node " + target.label() + " does not answer '" + request().split(" ", 2)[0] + "': its profile ("
                + target.profile() + ") has no bundle that does";
    }

    @Override
    @SuppressWarnings("try") // the lines run for the length of the block; nothing in it refers to them
    public Integer call() {
        try {
            String request = json ? "json " + request() : request();
            NodeClient.RunningNode target = target();
            if (target == null) {
                return fail("no node on this machine is a cluster member (start one with: mlos run cache, or mlos cluster up)", 1);
            }
            String reply;
            try (ProgressLines lines = progress(target)) {
                reply = ask(target, request);
            }
            if (NodeClient.unknownRequest(reply)) {
                return fail(notAnswered(target), 1);
            }
            if (!json && reply.startsWith("error:")) {
                // the node's refusal, said where the launcher says its own: scripts reading standard
                // output get replies only
                String refusal = reply.substring("error:".length()).strip();
                String hint = hint(refusal);
                return fail(hint == null ? refusal : refusal + "; " + hint, 1);
            }
            System.out.print(reply);
            String warning = json ? null : warning(reply);
            if (warning != null) {
                System.err.println("mlos: warning: " + warning);
            }
            return (json ? succeededJson(reply) : succeeded(reply)) ? 0 : 1;
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage(), 2); // bad input: a usage error, as elsewhere in the CLI
        } catch (Exception e) {
            return fail(e.getMessage(), 1);
        }
    }

    /** What to add to the node's refusal of this request, or null. */
    String hint(String refusal) {
        return null;
    }

    /** Says what went wrong: {"error": …} on standard output with --json (scripts read one document), else on standard error. */
    private int fail(String message, int code) {
        if (json) {
            System.out.println(JsonError.of(message));
        } else {
            System.err.println("mlos: " + message);
        }
        return code;
    }
}
