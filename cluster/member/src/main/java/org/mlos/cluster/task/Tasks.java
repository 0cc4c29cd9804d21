package org.mlos.cluster.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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

    /** Told of each node's result as it comes (in the order the nodes answer), on the waiting thread. */
    @FunctionalInterface
    public interface Answers {
        /** @param index the node's place in the list given to {@link #onEach} */
        void answered(int index, TaskResult result);
    }

    private static final Answers IGNORED = (i, r) -> {
    };

    /** Runs one task on each node, all at once, and returns their results in the nodes' order. */
    public List<TaskResult> onEach(List<String> nodeIds, java.util.function.Function<String, NodeTask> task, Duration timeout) {
        return onEach(nodeIds, task, timeout, IGNORED);
    }

    /**
     * Runs one task on each node, all at once, telling {@code answers} of each result as it comes,
     * and returns them in the nodes' order.
     */
    public List<TaskResult> onEach(List<String> nodeIds, java.util.function.Function<String, NodeTask> task,
            Duration timeout, Answers answers) {
        List<Future<byte[]>> futures = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        for (String id : nodeIds) {
            Member m = member(id);
            byte[] request = local.auth().seal(TaskReceiver.TYPE, local.sender(), TaskReceiver.payload(id, task.apply(id)));
            requests.add(request);
            futures.add(m == null ? null : executor.submitToMember(new SealedTask(request), m));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // Woken by each answer, so that results are read (and told) in the order they come; a
        // future that cannot call back is looked at every 50 ms instead.
        Semaphore came = new Semaphore(0);
        boolean poll = false;
        for (Future<byte[]> f : futures) {
            if (f instanceof CompletionStage<?> stage) {
                stage.whenComplete((r, e) -> came.release());
            } else if (f != null) {
                poll = true;
            }
        }
        TaskResult[] results = new TaskResult[futures.size()];
        int left = futures.size();
        while (left > 0) {
            long remaining = deadline - System.nanoTime();
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> f = futures.get(i);
                if (results[i] == null && (f == null || f.isDone() || remaining <= 0)) {
                    results[i] = await(f, nodeIds.get(i), requests.get(i), deadline, timeout);
                    left--;
                    answers.answered(i, results[i]);
                }
            }
            if (left > 0) {
                try {
                    came.tryAcquire(Math.max(1, poll ? Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)) : remaining),
                            TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    deadline = System.nanoTime(); // the rest are given up on, as at the deadline
                }
            }
        }
        return List.of(results);
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
            // the node is not told to stop: a swap timed out here finished 20 s later, the cluster split
            // between two stores, and only the node's history said so
            return new TaskResult(TaskOutcome.TIMED_OUT, timeout.toMillis(), "no answer in " + timeout.toSeconds()
                    + " s; what it was asked may still be running there and end later (mlos history --node <its pid> tells),"
                    + " and a longer --timeout waits for it", null);
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
