package org.mlos.launcher.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that ask a running node something: {@code kinds}, {@code swap}, {@code history}. */
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

    @Command(name = "kinds", mixinStandardHelpOptions = true,
            description = { "Lists a running node's service kinds: active implementation, candidates, calls served, swaps.",
                    "CALLS is - for a kind whose calls are not counted (counting is off unless the node was started with"
                            + " --set mlos.kernel.count.calls=true, or the kind's configuration says count.calls=true);"
                            + " a line under the table says so when a row shows it." })
    static final class Kinds extends NodeRequestCommand {
        @Override
        String request() {
            return "kinds";
        }
    }

    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = { "Installs a bundle jar on every node of a profile in the cluster.",
                    "A node where a bundle of the jar's symbolic name runs updates it. The jar is signed with the"
                            + " operator's key (rollout.key in $XDG_CONFIG_HOME/mlos, default ~/.config/mlos); each node"
                            + " installs only jars signed by a key it trusts, and a node where the bundle does not resolve"
                            + " or start goes back to what it ran. Exit code 0 only if every node took it." })
    static final class Rollout extends NodeRequestCommand {
        @Parameters(index = "0", description = "the bundle jar")
        java.nio.file.Path jar;

        @Option(names = "--profile", required = true, description = "the profile whose nodes get it")
        String profile;

        @Option(names = "--key", description = "the Ed25519 private key to sign with, PKCS#8: PEM (openssl genpkey"
                + " -algorithm ed25519 -out key.pem), DER, or base64 on one line (default: rollout.key in the user's"
                + " mlos config folder, which 'mlos cluster up' makes); nodes must trust its public key")
        java.nio.file.Path key;

        @Override
        boolean cluster() {
            return true;
        }

        @Override
        boolean mayTakeLong() {
            return true;
        }

        @Override
        ProgressLines progress(NodeClient.RunningNode member) {
            return clusterProgress("rollout of " + jar.getFileName() + " to profile " + profile, member);
        }

        @Override
        String request() {
            if (java.nio.file.Files.isDirectory(jar)) {
                throw new IllegalArgumentException(jar + " is a folder: give the bundle jar's path");
            }
            if (!java.nio.file.Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no such file: " + jar);
            }
            java.nio.file.Path signWith = key == null ? org.mlos.launcher.OperatorKeys.user().privateKey() : key;
            if (!java.nio.file.Files.isRegularFile(signWith)) {
                throw new IllegalArgumentException("no signing key at " + signWith + (key == null
                        ? ": 'mlos cluster up' creates the operator's, or give one with --key" : ""));
            }
            try {
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
            // The node's report opens with its outcome; a node whose cluster bundle predates that JSON
            // form wraps its text, which opens with it too (a rollout may be what updates that bundle).
            return reply.startsWith("{\"outcome\":\"ROLLED_OUT\"") || reply.startsWith("{\"text\":\"ROLLED_OUT");
        }
    }

    @Command(name = "autoscale", mixinStandardHelpOptions = true,
            description = { "Asks a running node about the cluster autoscaler.",
                    "'status': on or off, whether this node's autoscaler leads, its decisions, requests and outcomes"
                            + " so far; without --node, of the node whose autoscaler leads. 'requests': the scale"
                            + " requests waiting for the supervisor. The decisions themselves are in"
                            + " 'mlos journal tail' on the leading node." })
    static final class Autoscale extends NodeRequestCommand {
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

    @Command(name = "journal", mixinStandardHelpOptions = true,
            description = { "Prints the last records of a running node's journal.",
                    "A line a record: its sequence number, the time (ms since the epoch), then what happened: swap"
                            + " reports, swap-supervision decisions, cluster events, restarts by the node supervisor,"
                            + " the autoscaler's decisions and their outcomes. Nodes with the fault services keep a"
                            + " journal (the cache profiles; a worker keeps none); it outlives the node in"
                            + " mlos.fault.dir (mlos cluster up --supervise or --autoscale sets one per node)." })
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

    @Command(name = "swaps", mixinStandardHelpOptions = true,
            description = { "Prints the swaps running now on a node, a line each, as far as each has got.",
                    "A line: phase, entries moved so far of how many, time. With --cluster, the cluster swaps and"
                            + " rollouts a local member coordinates, node by node. 'mlos swap' and 'mlos rollout' print"
                            + " the same while they wait." })
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

    @Command(name = "ask", mixinStandardHelpOptions = true,
            description = { "Sends one request to a running node, its words as given, and prints the reply: a command a"
                    + " bundle of yours adds (a NodeCommand service, named by its first word), or any the node knows.",
                    "Exit code 0 unless the node answers with an error." })
    static final class Ask extends NodeRequestCommand {
        @Parameters(arity = "1..*", description = "the request's words: the command's name first (e.g. tally status)")
        java.util.List<String> words;

        @Override
        String request() {
            for (String w : words) {
                if (w.isBlank() || w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("a request is one line of words: '" + w.replace("\n", "\\n")
                            + "' is empty or holds a line break");
                }
            }
            return String.join(" ", words);
        }

        @Override
        boolean mayTakeLong() {
            return true; // a bundle's command takes what it takes
        }

        @Override
        String notAnswered(NodeClient.RunningNode target) {
            return "node " + target.label() + " has no command '" + words.get(0) + "': no bundle of its profile ("
                    + target.profile() + ") registers a NodeCommand of that name (mlos ask <name> on a node whose profile has"
                    + " your bundle; mlos nodes lists the running ones)";
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
            description = { "Swaps a kind's implementation on a running node while callers keep calling.",
                    "Prints the swap report. With --cluster, swaps on every node of the cluster that has the kind"
                            + " (or of one profile), with a report per node. Exit code 0 only if the swap completed." })
    static final class Swap extends NodeRequestCommand {
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
}
