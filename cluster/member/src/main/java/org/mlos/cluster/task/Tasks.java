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

    /**
     * How far a node's task has got, asked when its time is up: a task whose mark changed since the
     * last look is waited for another timeout, so a timeout bounds a task that stopped moving, not
     * one that is slow.
     */
    @FunctionalInterface
    public interface Progress {
        /** @return what the node's task has done so far (for people, and compared as is), or null if unknown */
        String mark(String nodeId);
    }

    /** Runs one task on each node, all at once, and returns their results in the nodes' order. */
    public List<TaskResult> onEach(List<String> nodeIds, java.util.function.Function<String, NodeTask> task, Duration timeout) {
        return onEach(nodeIds, task, timeout, IGNORED, null);
    }

    /**
     * Runs one task on each node, all at once, telling {@code answers} of each result as it comes,
     * and returns them in the nodes' order.
     */
    public List<TaskResult> onEach(List<String> nodeIds, java.util.function.Function<String, NodeTask> task,
            Duration timeout, Answers answers) {
        return onEach(nodeIds, task, timeout, answers, null);
    }

    /**
     * As {@link #onEach(List, java.util.function.Function, Duration, Answers)}, a node's wait
     * growing by {@code timeout} each time its {@code progress} mark moved (null: it never grows).
     * A timed-out result's detail is the last mark seen.
     */
    public List<TaskResult> onEach(List<String> nodeIds, java.util.function.Function<String, NodeTask> task,
            Duration timeout, Answers answers, Progress progress) {
        List<Future<byte[]>> futures = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        for (String id : nodeIds) {
            Member m = member(id);
            byte[] request = local.auth().seal(TaskReceiver.TYPE, local.sender(), TaskReceiver.payload(id, task.apply(id)));
            requests.add(request);
            futures.add(m == null ? null : executor.submitToMember(new SealedTask(request), m));
        }
        long[] deadlines = new long[futures.size()];
        java.util.Arrays.fill(deadlines, System.nanoTime() + timeout.toNanos());
        String[] marks = new String[futures.size()];
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
        boolean interrupted = false;
        while (left > 0) {
            long next = Long.MAX_VALUE;
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> f = futures.get(i);
                if (results[i] != null) {
                    continue;
                }
                boolean due = deadlines[i] - System.nanoTime() <= 0;
                if (due && !interrupted && progress != null && f != null && !f.isDone() && moved(progress, nodeIds.get(i), marks, i)) {
                    deadlines[i] = System.nanoTime() + timeout.toNanos();
                    due = false;
                }
                if (f == null || f.isDone() || due) {
                    results[i] = await(f, nodeIds.get(i), requests.get(i), deadlines[i], timeout, marks[i]);
                    left--;
                    answers.answered(i, results[i]);
                } else {
                    next = Math.min(next, deadlines[i] - System.nanoTime());
                }
            }
            if (left > 0) {
                try {
                    came.tryAcquire(Math.max(1, poll ? Math.min(next, TimeUnit.MILLISECONDS.toNanos(50)) : next),
                            TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                    java.util.Arrays.fill(deadlines, System.nanoTime()); // the rest are given up on, as at the deadline
                }
            }
        }
        return List.of(results);
    }

    /** Whether node {@code i}'s mark changed since the last look (a first mark counts as a change), keeping the new one. */
    private static boolean moved(Progress progress, String nodeId, String[] marks, int i) {
        String mark;
        try {
            mark = progress.mark(nodeId);
        } catch (RuntimeException e) {
            return false; // not known to move: timed out as without progress
        }
        if (mark == null || mark.equals(marks[i])) {
            return false;
        }
        marks[i] = mark;
        return true;
    }

    /** Runs a task on one node and waits for it. */
    public TaskResult on(String nodeId, NodeTask task, Duration timeout) {
        return onEach(List.of(nodeId), id -> task, timeout).get(0);
    }

    /** Runs a task on one node and waits for it while its {@code progress} mark moves (see {@link Progress}). */
    public TaskResult on(String nodeId, NodeTask task, Duration timeout, Progress progress) {
        return onEach(List.of(nodeId), id -> task, timeout, IGNORED, progress).get(0);
    }

    private TaskResult await(Future<byte[]> f, String nodeId, byte[] request, long deadline, Duration timeout, String mark) {
        if (f == null) {
            return new TaskResult(TaskOutcome.UNREACHABLE, 0, "the node is no longer a member of the cluster", null);
        }
        try {
            byte[] reply = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return TaskReceiver.openReply(local, nodeId, request, reply);
        } catch (TimeoutException e) {
            // Not interrupted: a task cut at a random point (a swap's copy, a bundle's install)
            // leaves more to mend than one that ends; a task that must stop is told so by its
            // caller (a rolling swap's node reads an abort: RollingSwapTask).
            f.cancel(false);
            return new TaskResult(TaskOutcome.TIMED_OUT, timeout.toMillis(), waited(timeout, mark)
                    + "; what it was asked may still be running there and end later (mlos history --node <its pid> tells),"
                    + " and a longer --timeout waits for it", mark);
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

    /** How long a timed-out task was waited for, in words: {@code mark} is the last progress seen, or null. */
    public static String waited(Duration timeout, String mark) {
        return mark == null ? "no answer in " + timeout.toSeconds() + " s"
                : "no progress in " + timeout.toSeconds() + " s (last seen: " + mark + ")";
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
