package org.mlos.launcher.cli;

import java.io.IOException;
import java.time.Duration;

import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.ControlSocket;

/**
 * A node that took a request over its control socket and did not answer it in time: stopped
 * ({@code kill -STOP}), overloaded or out of memory. Its message names the node as {@code --node}
 * takes it and its pid, and says what to try; a command that meets one exits non-zero.
 */
final class SilentNode extends IOException {

    private static final long serialVersionUID = 1L;

    /** The environment variable that gives a node longer (in seconds) than {@link #DEFAULT_WITHIN} to answer. */
    static final String WITHIN_VARIABLE = AnswerWait.WITHIN_VARIABLE;

    static final Duration DEFAULT_WITHIN = AnswerWait.DEFAULT_WITHIN;

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
        return AnswerWait.within();
    }

    static Duration within(String seconds) {
        return AnswerWait.within(seconds);
    }

    /** The node did not answer {@code request}, or stopped answering the checks while it waited. */
    static SilentNode of(NodeClient.RunningNode node, String request, ControlSocket.NoAnswer e) {
        String said = AnswerWait.message(name(node), node.pid(), request, e);
        return new SilentNode(node, e instanceof AnswerWait.StoppedAnswering ? said + " What it was asked may still"
                + " finish once it runs again: mlos history --node " + node.pid() + " tells" : said);
    }

    private static String name(NodeClient.RunningNode node) {
        try {
            return LocalClusters.read().label(node);
        } catch (IOException | RuntimeException e) {
            return node.label(); // the cluster's node lists unreadable: the name the socket gives
        }
    }
}
