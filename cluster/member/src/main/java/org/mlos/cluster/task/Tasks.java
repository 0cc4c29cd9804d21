package org.mlos.cluster.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;

/**
 * Sends tasks to nodes, each sealed for its target ({@link SealedTask}), and waits for their
 * sealed replies, never forever: a node that leaves the cluster (or
 * dies) while its task runs is reported UNREACHABLE, one that does not answer in time TIMED_OUT.
 */
public final class Tasks {

    static final String EXECUTOR = "mlos.cluster.tasks";

    private final HazelcastInstance instance;
    private final IExecutorService executor;
    private final LocalNode local;

    public Tasks(HazelcastInstance instance) {
        this.instance = instance;
        this.executor = instance.getExecutorService(EXECUTOR);
        this.local = LocalNode.of(instance);
    }

    public LocalNode local() {
        return local;
    }

    /** Runs one task on each node, all at once, and returns their results in the nodes' order. */
    public List<TaskResult> onEach(List<String> nodeIds, java.util.function.Function<String, NodeTask> task, Duration timeout) {
        List<Future<byte[]>> futures = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        for (String id : nodeIds) {
            Member m = member(id);
            byte[] request = local.auth().seal(TaskReceiver.TYPE, local.sender(), TaskReceiver.payload(id, task.apply(id)));
            requests.add(request);
            futures.add(m == null ? null : executor.submitToMember(new SealedTask(request), m));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TaskResult> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            results.add(await(futures.get(i), nodeIds.get(i), requests.get(i), deadline, timeout));
        }
        return results;
    }

    /** Runs a task on one node and waits for it. */
    public TaskResult on(String nodeId, NodeTask task, Duration timeout) {
        return onEach(List.of(nodeId), id -> task, timeout).get(0);
    }

    private TaskResult await(Future<byte[]> f, String nodeId, byte[] request, long deadline, Duration timeout) {
        if (f == null) {
            return new TaskResult(TaskOutcome.UNREACHABLE, 0, "the node is no longer a member of the cluster", null);
        }
        try {
            byte[] reply = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return TaskReceiver.openReply(local, nodeId, request, reply);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new TaskResult(TaskOutcome.TIMED_OUT, timeout.toMillis(), "no answer in " + timeout.toSeconds() + " s", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof MemberLeftException || cause instanceof TargetNotMemberException || gone(nodeId)) {
                return new TaskResult(TaskOutcome.UNREACHABLE, 0, "the node left the cluster while its task ran ("
                        + cause.getClass().getSimpleName() + ")", null);
            }
            return new TaskResult(TaskOutcome.FAILED, 0, cause.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskResult(TaskOutcome.FAILED, 0, "interrupted while waiting", null);
        } catch (RuntimeException e) {
            return new TaskResult(TaskOutcome.UNREACHABLE, 0, String.valueOf(e), null);
        }
    }

    /**
     * True if the node is not, or soon is no longer, a member: a process that died shows first as
     * a failed call, and a moment later as a member that left.
     */
    private boolean gone(String nodeId) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (member(nodeId) != null) {
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The cluster member of a node (its id is the member's UUID), or null if it is no longer a member. */
    private Member member(String nodeId) {
        for (Member m : instance.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(nodeId)) {
                return m;
            }
        }
        return null;
    }
}
