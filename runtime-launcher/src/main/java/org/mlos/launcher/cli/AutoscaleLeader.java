package org.mlos.launcher.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local node whose autoscaler leads, for {@code mlos autoscale status} without {@code --node}:
 * a status is one node's, and in a cluster only the leader's decides, so that is the one an
 * operator means. Every running node is asked; nodes without a cluster bundle do not answer.
 */
final class AutoscaleLeader {

    private AutoscaleLeader() {
    }

    /** The leading node; refused, naming every node's state, unless exactly one leads. */
    static NodeClient.RunningNode find() throws IOException {
        List<NodeClient.RunningNode> leaders = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (NodeClient.RunningNode n : NodeClient.running()) {
            String reply;
            try {
                reply = NodeClient.request(n, "json autoscale status");
            } catch (IOException e) {
                states.add(n.label() + ": did not answer (" + e.getMessage() + ")");
                continue;
            }
            if (NodeClient.unknownRequest(reply)) {
                continue; // not a cluster member: no autoscaler to lead
            }
            String state = state(reply);
            if (state.equals("leading")) {
                leaders.add(n);
            }
            states.add(n.label() + ": " + state);
        }
        if (leaders.size() == 1) {
            return leaders.get(0);
        }
        String pick = "; ask one with --node (mlos nodes lists them)";
        if (states.isEmpty()) {
            throw new IllegalStateException("no running node is a cluster member, so none has an autoscaler"
                    + " (start a cluster with: mlos cluster up --autoscale …)");
        }
        throw new IllegalStateException((leaders.isEmpty() ? "no node's autoscaler leads" : "several nodes' autoscalers lead")
                + " (" + String.join(", ", states) + ")" + pick);
    }

    /** What a node's {@code json autoscale status} says of it, in a word or two (the node writes it without spaces). */
    static String state(String json) {
        if (json.startsWith("{\"error\":")) {
            return "refused";
        }
        if (json.contains("\"on\":false")) {
            return "off";
        }
        if (json.contains("\"leading\":true")) {
            return "leading";
        }
        return json.contains("\"leading\":false") ? "on, not leading" : "on, figures unreadable";
    }
}
