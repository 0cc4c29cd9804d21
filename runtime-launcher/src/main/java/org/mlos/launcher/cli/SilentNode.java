package org.mlos.launcher.cli;

import java.io.IOException;
import java.time.Duration;

import org.mlos.launcher.ControlSocket;

/**
 * A node that took a request over its control socket and did not answer it in time: stopped
 * ({@code kill -STOP}), overloaded or out of memory. Its message names the node as {@code --node}
 * takes it and its pid, and says what to try; a command that meets one exits non-zero.
 */
final class SilentNode extends IOException {

    private static final long serialVersionUID = 1L;

    /** The environment variable that gives a node longer (in seconds) than {@link #DEFAULT_WITHIN} to answer. */
    static final String WITHIN_VARIABLE = "MLOS_ANSWER_TIMEOUT";

    /**
     * How long a node has to answer a query (kinds, history, a ping): one stuck in a long garbage
     * collection answers within seconds, a stopped one never.
     */
    static final Duration DEFAULT_WITHIN = Duration.ofSeconds(20);

    private final transient NodeClient.RunningNode node;

    private SilentNode(NodeClient.RunningNode node, String message) {
        super(message);
        this.node = node;
    }

    NodeClient.RunningNode node() {
        return node;
    }

    /** How long a node has to answer a query: {@value #WITHIN_VARIABLE} seconds if set, else {@link #DEFAULT_WITHIN}. */
    static Duration within() {
        return within(System.getenv(WITHIN_VARIABLE));
    }

    static Duration within(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_WITHIN;
        }
        try {
            double s = Double.parseDouble(seconds.strip());
            if (s > 0 && s <= 86_400) {
                return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(WITHIN_VARIABLE + " is how many seconds a node has to answer (above 0, at"
                + " most a day), not '" + seconds + "'");
    }

    /** The node did not answer {@code request} itself. */
    static SilentNode of(NodeClient.RunningNode node, String request, ControlSocket.NoAnswer e) {
        String what = request.equals(NodeClient.CHECK) ? "" : " '" + request + "'"; // a check is no user's request
        return new SilentNode(node, "node " + name(node) + " did not answer" + what + " within "
                + ControlSocket.seconds(e.within()) + ": " + why(node));
    }

    /** A request that may take long went on, and then the node stopped answering the checks made meanwhile. */
    static SilentNode whileWaiting(NodeClient.RunningNode node, String request, Duration waited, ControlSocket.NoAnswer e) {
        return new SilentNode(node, "node " + name(node) + " stopped answering while '" + request + "' waited ("
                + waited.toSeconds() + " s so far; a check of it got no answer within " + ControlSocket.seconds(e.within())
                + "): " + why(node) + " What it was asked may still finish once it runs again: mlos history --node "
                + node.pid() + " tells");
    }

    private static String name(NodeClient.RunningNode node) {
        try {
            return NodeClient.label(node, NodeClient.slots());
        } catch (IOException | RuntimeException e) {
            return node.label(); // the cluster's node lists unreadable: the name the socket gives
        }
    }

    private static String why(NodeClient.RunningNode node) {
        return "is it stopped (kill -CONT " + node.pid() + " resumes it), overloaded or out of memory? Its log says more;"
                + " " + WITHIN_VARIABLE + "=<seconds> gives a slow node longer.";
    }
}
