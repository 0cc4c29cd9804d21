package org.mlos.cluster.task;

import java.util.List;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.log.FloodLogs;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.registry.Strangers;
import org.mlos.cluster.wire.Wire;

/**
 * Takes a sealed task on this node: verifies it (MAC, freshness, not a replay, addressed to this
 * node) before anything is parsed or changed, then runs it. A task that does not verify is
 * refused, and the refusal logged with the sender it claims and with the network addresses of
 * whoever could have sent it: Hazelcast's executor does not tell a task who submitted it (the
 * submitter's address stays inside Hazelcast's internal operation), so the line names the members
 * that have no verified registry entry and the clients connected to this member ({@link Strangers}).
 */
final class TaskReceiver {

    static final String TYPE = "task";
    static final String REPLY = "task-reply";
    private static final System.Logger LOG = System.getLogger(TaskReceiver.class.getName());
    /**
     * A stranger member can submit tasks as fast as it likes: a line each filled the log. Counted by
     * the sender they claim, which the stranger chooses, so past 64 senders they share one count.
     */
    private static final FloodLogs REFUSED = FloodLogs.refusedWarnings(LOG, "cluster task", "cluster tasks",
            sender -> "from " + (sender.equals(FloodLogs.OTHERS) ? "other senders" : sender) + " (as they claim)");

    private TaskReceiver() {
    }

    /** The payload a sender seals: target node id, operation, arguments. */
    static byte[] payload(String target, NodeTask task) {
        return new Wire.Writer().string(target).string(task.op()).strings(task.args()).bytes();
    }

    /**
     * Runs a sealed task and seals its result, naming this node and the request (by its MAC), so
     * that the sender can tell the reply is this node's answer to that request.
     */
    static byte[] answer(LocalNode node, byte[] request) {
        TaskResult r = receive(node, request);
        return node.auth().seal(REPLY, node.sender(),
                r.write(new Wire.Writer().string(node.id()).string(MessageAuth.tag(request))).bytes());
    }

    /** The result in a node's sealed reply to {@code request}; a reply that does not verify is a failure. */
    static TaskResult openReply(LocalNode local, String nodeId, byte[] request, byte[] reply) {
        try {
            Wire.Reader r = new Wire.Reader(local.auth().open(REPLY, reply).payload());
            String from = r.string();
            String to = r.string();
            TaskResult result = TaskResult.read(r);
            r.end();
            if (!nodeId.equals(from) || !MessageAuth.tag(request).equals(to)) {
                throw new AuthException("a reply from node " + from + " to another request");
            }
            return result;
        } catch (AuthException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "refused the reply of node " + nodeId + " (claiming sender "
                    + MessageAuth.claimedSender(reply) + "): " + e.getMessage());
            return new TaskResult(TaskOutcome.FAILED, 0, "the node's reply does not verify (" + e.getMessage()
                    + "); does it have this cluster's secret?", null);
        }
    }

    static TaskResult receive(LocalNode node, byte[] sealed) {
        MessageAuth.Opened message;
        try {
            message = node.auth().open(TYPE, sealed);
        } catch (AuthException e) {
            return refuse(node, MessageAuth.claimedSender(sealed), e.getMessage());
        }
        NodeTask task;
        try {
            Wire.Reader r = new Wire.Reader(message.payload());
            String target = r.string();
            String op = r.string();
            List<String> args = r.strings();
            r.end();
            if (!node.id().equals(target)) {
                return refuse(node, message.sender(), "addressed to node " + target + ", not to this node " + node.id());
            }
            task = node.taskTypes().make(op, args);
        } catch (RuntimeException e) {
            return refuse(node, message.sender(), e.getMessage());
        }
        return task.runOn(node);
    }

    private static TaskResult refuse(LocalNode node, String sender, String why) {
        if (REFUSED.first(sender, why)) {
            LOG.log(System.Logger.Level.WARNING, "refused a cluster task from " + sender + " (as it claims; Hazelcast does not"
                    + " tell a task's submitter: " + Strangers.describe(node) + "): " + why);
        }
        return new TaskResult(TaskOutcome.REFUSED, 0, "unauthenticated task refused: " + why, null);
    }
}
