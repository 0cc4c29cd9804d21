package org.mlos.launcher.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local node whose autoscaler leads, for {@code mlos autoscale status} without {@code --node}:
 * a status is one node's, and in a cluster only the leader's decides, so that is the one an
 * operator means. Every running node is asked at once, each for at most {@link #WAIT} (a node
 * stopped or stuck still accepts on its socket and would hold the command forever); nodes whose
 * profile has no cluster bundle answer that they do not know the request and are no candidates.
 */
final class AutoscaleLeader {

    /** What every node is asked; with --json, the request the command itself sends. */
    static final String REQUEST = "json autoscale status";

    /** Just over the 5 s a node gives its autoscaler to hand over its figures. */
    static final Duration WAIT = Duration.ofSeconds(6);

    /** The states {@link #state} gives a status in, as the refusals and {@link Answer#isStatus} name them. */
    static final String LEADING = "leading";
    static final String OFF = "off";
    static final String NOT_LEADING = "on, not leading";

    private AutoscaleLeader() {
    }

    /**
     * What one cluster member said: its label as --node takes it, its state in a few words, and
     * its {@code json autoscale status} reply whole (null if it gave none), which {@code --json}
     * prints as it came rather than ask the leader again.
     */
    record Answer(NodeClient.RunningNode node, String label, String state, String reply) {
        /** Whether the reply is a status as the node writes it (on or off, leading or not), not a refusal. */
        boolean isStatus() {
            return reply != null && (state.equals(LEADING) || state.equals(OFF) || state.equals(NOT_LEADING));
        }

        @Override
        public String toString() {
            return label + ": " + state;
        }
    }

    /**
     * The leading node, or the only cluster member if just one runs; refused, naming every
     * member's state and what to do, otherwise.
     */
    static Answer find(String cluster) throws IOException, InterruptedException {
        List<Answer> members = ask(NodeClient.candidates(null, cluster, "mlos autoscale status"), LocalClusters.read());
        List<Answer> leaders = members.stream().filter(a -> a.state().equals(LEADING)).toList();
        if (leaders.size() == 1) {
            return leaders.get(0);
        }
        if (members.size() == 1) {
            return members.get(0); // its own status says why it does not lead
        }
        String states = " (" + String.join("; ", members.stream().map(Answer::toString).toList()) + ")";
        if (members.isEmpty()) {
            throw new IllegalStateException("no running node is a cluster member, so none has an autoscaler"
                    + " (start a cluster with one: mlos cluster up --autoscale cache=1..3)");
        }
        if (members.stream().allMatch(a -> a.state().equals(OFF))) {
            throw new IllegalStateException("the autoscaler is off on every node" + states
                    + "; start a cluster with it: mlos cluster up --autoscale cache=1..3");
        }
        if (leaders.size() > 1) {
            throw new IllegalStateException("several nodes' autoscalers lead" + states + ": one per cluster when"
                    + " several clusters run here, else a leader handing over (try again in a few seconds);"
                    + " pick one with --node");
        }
        throw new IllegalStateException("no node's autoscaler leads" + states + "; one takes the lead within a"
                + " period of starting (try again in a few seconds), or ask one with --node");
    }

    /** Every node's {@code json autoscale status}, asked side by side; the cluster members' answers, in the nodes' order. */
    private static List<Answer> ask(List<NodeClient.RunningNode> nodes, LocalClusters slots) throws InterruptedException {
        List<Future<String>> replies = new ArrayList<>();
        ExecutorService asks = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (NodeClient.RunningNode n : nodes) {
                replies.add(asks.submit(() -> NodeClient.request(n, REQUEST)));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<Answer> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                String state;
                String reply = null;
                try {
                    reply = replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (NodeClient.unknownRequest(reply)) {
                        continue; // not a cluster member: no autoscaler to lead
                    }
                    state = state(reply);
                } catch (TimeoutException e) {
                    state = "no answer within " + WAIT.toSeconds() + " s";
                } catch (ExecutionException e) {
                    state = "did not answer (" + e.getCause().getMessage() + ")";
                }
                out.add(new Answer(nodes.get(i), slots.label(nodes.get(i)), state, reply));
            }
            return out;
        } finally {
            asks.shutdownNow(); // a node that never answers holds only a daemon thread
        }
    }

    /**
     * What a node's {@code json autoscale status} says of it, in a word or two (the node writes the
     * document without spaces). A refusal may come as text even to a JSON request ({@code error:
     * busy, try again} when its control slots are taken) and is given as it came.
     */
    static String state(String reply) {
        if (reply.startsWith("error:") || reply.startsWith("{\"error\":")) {
            return "refused: " + reply.strip();
        }
        if (reply.contains("\"on\":false")) {
            return OFF;
        }
        if (reply.contains("\"leading\":true")) {
            return LEADING;
        }
        return reply.contains("\"leading\":false") ? NOT_LEADING : "on, figures unreadable";
    }
}
