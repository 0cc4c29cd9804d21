package org.mlos.cluster.swap;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapReport.NodeResult;
import org.mlos.cluster.api.ClusterSwapReport.Outcome;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.progress.Operation;
import org.mlos.cluster.progress.Operations;
import org.mlos.cluster.registry.NodeRegistry;
import org.mlos.cluster.task.Tasks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Swaps a kind on many nodes. Rolling: node after node, stopping at the first that fails.
 * Atomic: every target first checks it can swap (implementation present, state formats shared)
 * and nothing changes anywhere unless all can; then all swap at once, and if one fails, those that
 * swapped swap back. The outcome is recorded once in the cluster ({@link PendingSwaps}), so the
 * nodes settle it by themselves if this coordinator dies half way. One cluster swap per kind at a time (a cluster map lock, leased so that a
 * coordinator that dies does not hold it forever).
 */
public final class ClusterSwaps {

    static final String LOCKS = "mlos.cluster.swaps";
    /** How much longer than the coordinator a node waits for an atomic swap's decision. */
    static final long DECISION_GRACE_SECONDS = 10;
    /** Per-node outcomes of a cluster swap beyond the nodes' own {@link TaskOutcome}s: the report's words. */
    static final String SKIPPED = "SKIPPED";
    static final String NOT_SWAPPED = "NOT_SWAPPED";
    static final String REVERTED = "REVERTED";
    static final String REVERT_FAILED = "REVERT_FAILED";

    /**
     * Adds the swap package's tasks to the ones this node runs: swap, the rolling swap's swap, the
     * atomic swap's check, swap and resolve, and the progress of a node's own swap.
     */
    public static org.mlos.cluster.node.TaskTypes register(org.mlos.cluster.node.TaskTypes types) {
        return types.add(CheckTask.OP, CheckTask::of).add(SwapTask.OP, SwapTask::of).add(RollingSwapTask.OP, RollingSwapTask::of)
                .add(AtomicSwapTask.OP, AtomicSwapTask::of).add(ResolveTask.OP, ResolveTask::of)
                .add(ProgressTask.OP, ProgressTask::of);
    }

    private final NodeRegistry registry;
    private final Tasks tasks;
    private final IMap<String, String> locks;
    private final Operations operations;

    public ClusterSwaps(HazelcastInstance instance, NodeRegistry registry, Operations operations) {
        this.registry = registry;
        this.operations = operations;
        this.tasks = new Tasks(instance);
        this.locks = instance.getMap(LOCKS);
    }

    public ClusterSwapReport swap(ClusterSwapRequest request) {
        long start = System.nanoTime();
        List<NodeInfo> targets = targets(request);
        if (targets.isEmpty() && request.profile() != null && profiles().stream().noneMatch(request.profile()::equals)) {
            // a misspelt profile read as a profile without the kind: "kinds they run: none"
            return new ClusterSwapReport(request, Outcome.REFUSED, millisSince(start), List.of(), "no node of the cluster"
                    + " has the profile " + request.profile() + "; profiles in the cluster: " + String.join(", ", profiles()));
        }
        if (targets.isEmpty()) {
            return new ClusterSwapReport(request, Outcome.REFUSED, millisSince(start), List.of(),
                    "no node of the cluster" + (request.profile() == null ? "" : " with profile " + request.profile())
                            + " runs kind " + request.kind() + "; kinds they run: " + kindsRun(request.profile()));
        }
        String kind = fullName(targets.get(0), request.kind());
        boolean locked;
        try {
            locked = locks.tryLock(kind, 10, TimeUnit.SECONDS, lease(request), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            return new ClusterSwapReport(request, Outcome.REFUSED, millisSince(start), List.of(),
                    "another cluster swap of " + kind + " is running; try again when it ends");
        }
        boolean atomic = request.strategy() == ClusterSwapRequest.Strategy.ATOMIC;
        Operation progress = operations.start("swap", request.kind() + " -> " + request.impl() + (atomic ? " (atomic)"
                : " (rolling)"), kind, atomic ? "prepare" : "swap", targets.stream().map(NodeInfo::id).toList(),
                targets.stream().map(NodeInfo::profile).toList());
        try {
            return atomic ? atomic(request, targets, start, progress) : rolling(request, kind, targets, start, progress);
        } finally {
            operations.end(progress);
            try {
                locks.unlock(kind);
            } catch (RuntimeException e) {
                // no data member holds the lock right now: its lease ends it
            }
        }
    }

    /** The lock's lease, in seconds: long enough for the three phases of an atomic swap, renewed while a rolling one moves. */
    private static long lease(ClusterSwapRequest request) {
        return 3 * request.timeout().toSeconds() + 30;
    }

    /**
     * The lock is held for another lease from now: a rolling swap waits for each node while its
     * swap moves, which may take longer than one lease. Called on the thread that locked (a
     * reentrant lock taken again with a lease replaces the lease).
     */
    private void renewLease(String kind, ClusterSwapRequest request) {
        try {
            if (locks.tryLock(kind, 0, TimeUnit.SECONDS, lease(request), TimeUnit.SECONDS)) {
                locks.unlock(kind);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException noDataMember) {
            // the lease as it was: the swap goes on
        }
    }

    private ClusterSwapReport rolling(ClusterSwapRequest request, String kind, List<NodeInfo> targets, long start,
            Operation progress) {
        // Each node's swap is waited for while it moves, and told to stop when it did not move for
        // --timeout: a node timed out used to finish its swap later, unseen (RollingSwapTask).
        String swapId = UUID.randomUUID().toString();
        Tasks.Progress moving = id -> {
            renewLease(kind, request);
            TaskResult r = tasks.on(id, ProgressTask.mark(request.kind()), PROGRESS_TIMEOUT);
            return r.ok() ? r.detail() : null;
        };
        List<NodeResult> results = new ArrayList<>();
        String failure = null;
        int switched = 0;
        boolean refused = false;
        for (int i = 0; i < targets.size(); i++) {
            NodeInfo node = targets.get(i);
            if (failure != null) {
                results.add(new NodeResult(node.id(), node.profile(), SKIPPED, 0, "an earlier node failed"));
                progress.done(i, SKIPPED, 0, "an earlier node failed");
                continue;
            }
            progress.asked(i);
            renewLease(kind, request);
            long asked = System.nanoTime();
            TaskResult r = tasks.on(node.id(), new RollingSwapTask(request.kind(), request.impl(), swapId), request.timeout(),
                    moving);
            if (r.outcome() == TaskOutcome.TIMED_OUT) {
                abort(swapId);
                r = new TaskResult(TaskOutcome.TIMED_OUT, millisSince(asked), Tasks.waited(request.timeout(), r.detail())
                        + "; it was told to stop its swap and roll back, which it does unless it had switched already"
                        + " (mlos history --node <its pid> tells); a longer --timeout waits longer", r.detail());
            }
            progress.done(i, r.outcome().name(), r.millis(), r.reason());
            results.add(result(node, r));
            if (r.outcome().switched()) {
                switched++;
            }
            if (!r.ok()) {
                failure = "node " + node.id() + " (" + node.profile() + "): " + r.outcome() + ": " + r.reason();
                refused = r.outcome() == TaskOutcome.REFUSED || r.outcome() == TaskOutcome.ROLLED_BACK;
            }
        }
        // a node that refused or rolled back, and none switched before it: PARTIAL said some had (a
        // misspelt implementation); a node that timed out or vanished may have switched, so PARTIAL
        Outcome outcome = failure == null ? Outcome.COMPLETED : refused && switched == 0 ? Outcome.REFUSED : Outcome.PARTIAL;
        return new ClusterSwapReport(request, outcome, millisSince(start), results, failure);
    }

    private ClusterSwapReport atomic(ClusterSwapRequest request, List<NodeInfo> targets, long start, Operation progress) {
        List<String> ids = targets.stream().map(NodeInfo::id).toList();
        progress.phase("prepare", true);
        List<TaskResult> checks = tasks.onEach(ids, id -> new CheckTask(request.kind(), request.impl()), request.timeout(),
                told(progress));
        String refusal = firstFailure(targets, checks);
        if (refusal != null) {
            List<NodeResult> results = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                TaskResult c = checks.get(i);
                results.add(c.ok() ? new NodeResult(ids.get(i), targets.get(i).profile(), NOT_SWAPPED, c.millis(), null)
                        : result(targets.get(i), c));
            }
            return new ClusterSwapReport(request, Outcome.ROLLED_BACK, millisSince(start), results,
                    "prepare failed, no node swapped: " + refusal);
        }
        // Every node that swaps stays pending until the decision; one whose coordinator dies or
        // does not decide in time goes back by itself (PendingSwaps).
        String swapId = UUID.randomUUID().toString();
        long wait = request.timeout().toSeconds() + DECISION_GRACE_SECONDS;
        String coordinator = registry.localId();
        progress.phase("swap", true);
        // Aborted at the first node that fails, not once every node has answered: the others,
        // still copying, stop before their switch (they look for the decision as they copy) instead
        // of switching and being undone.
        java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();
        Tasks.Answers told = told(progress);
        List<TaskResult> swaps = tasks.onEach(ids,
                id -> new AtomicSwapTask(request.kind(), request.impl(), swapId, coordinator, wait), request.timeout(),
                (i, r) -> {
                    told.answered(i, r);
                    if (!r.ok() && aborted.compareAndSet(false, true)) {
                        abort(swapId);
                    }
                });
        String failure = firstFailure(targets, swaps);
        if (failure == null) {
            if (committed(swapId)) {
                // Phase two: every node settles now. A node left pending would settle when the
                // coordinator leaves, and if the decision had gone with it (the coordinator may
                // be the only member holding data), presume abort and undo a committed swap.
                progress.phase("commit", true);
                tasks.onEach(ids, id -> new ResolveTask(swapId), request.timeout(), told(progress));
                List<NodeResult> results = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    results.add(result(targets.get(i), swaps.get(i)));
                }
                return new ClusterSwapReport(request, Outcome.COMPLETED, millisSince(start), results, null);
            }
            failure = "the commit could not be recorded, or a node gave up waiting for it and went back";
        } else if (aborted.compareAndSet(false, true)) {
            abort(swapId);
        }
        // Undo: the nodes that swapped go back to what they ran before, all at once.
        List<String> undo = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (swaps.get(i).outcome().switched()) {
                undo.add(ids.get(i));
            }
        }
        progress.phase("undo", false);
        List<TaskResult> reverts = tasks.onEach(undo, id -> new ResolveTask(swapId), request.timeout(), (u, r) -> progress.done(
                ids.indexOf(undo.get(u)), r.ok() ? REVERTED : REVERT_FAILED, r.millis(), r.reason()));
        List<NodeResult> results = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            TaskResult s = swaps.get(i);
            int u = undo.indexOf(ids.get(i));
            if (u < 0) {
                results.add(s.ok() ? new NodeResult(ids.get(i), targets.get(i).profile(), NOT_SWAPPED, s.millis(), null)
                        : result(targets.get(i), s));
            } else {
                TaskResult r = reverts.get(u);
                results.add(new NodeResult(ids.get(i), targets.get(i).profile(), r.ok() ? REVERTED : REVERT_FAILED,
                        s.millis() + r.millis(), r.ok() ? null : r.reason()));
            }
        }
        return new ClusterSwapReport(request, Outcome.ROLLED_BACK, millisSince(start), results,
                "commit failed, swapped nodes reverted: " + failure);
    }

    private void abort(String swapId) {
        try {
            PendingSwaps.decide(tasks.local(), swapId, PendingSwaps.ABORT);
        } catch (RuntimeException noDataMember) {
            // the nodes presume abort when they cannot read a decision
        }
    }

    /** How long the coordinator waits for a node to say how far its own swap has got. */
    static final java.time.Duration PROGRESS_TIMEOUT = java.time.Duration.ofSeconds(2);

    /**
     * How far a node's own swap of {@code kind} has got (its kernel's progress line), asked while
     * its part of a cluster swap runs; null if it runs none or does not answer in time.
     */
    public String nodeProgress(String kind, String nodeId) {
        TaskResult r = tasks.on(nodeId, new ProgressTask(kind), PROGRESS_TIMEOUT);
        return r.ok() ? r.detail() : null;
    }

    /** Tells the operation's progress of each node's answer. */
    private static Tasks.Answers told(Operation progress) {
        return (i, r) -> progress.done(i, r.outcome().name(), r.millis(), r.reason());
    }

    /** Records the commit, unless a node aborted first; a commit that cannot be recorded did not happen. */
    private boolean committed(String swapId) {
        try {
            return PendingSwaps.COMMIT.equals(PendingSwaps.decideOrRead(tasks.local(), swapId, PendingSwaps.COMMIT));
        } catch (RuntimeException noDataMember) {
            return false;
        }
    }

    private List<NodeInfo> targets(ClusterSwapRequest request) {
        List<NodeInfo> out = new ArrayList<>();
        for (NodeInfo n : registry.nodes()) {
            if ((request.profile() == null || request.profile().equals(n.profile())) && fullName(n, request.kind()) != null) {
                out.add(n);
            }
        }
        out.sort(java.util.Comparator.comparing(NodeInfo::id));
        return out;
    }

    /** The simple names of the kinds the cluster's nodes (of {@code profile}, if not null) run, for a request that named none. */
    /** The profiles of the cluster's nodes, in name order. */
    private java.util.SortedSet<String> profiles() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        registry.nodes().forEach(n -> names.add(n.profile()));
        return names;
    }

    private String kindsRun(String profile) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (NodeInfo n : registry.nodes()) {
            if (profile != null && !profile.equals(n.profile())) {
                continue;
            }
            for (String k : n.kinds().keySet()) {
                names.add(k.substring(Math.max(k.lastIndexOf('.'), k.lastIndexOf('$')) + 1));
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** The node's fully qualified name for a kind named fully or simply, or null if it has no such kind. */
    static String fullName(NodeInfo node, String kind) {
        for (String k : node.kinds().keySet()) {
            if (k.equals(kind) || k.substring(Math.max(k.lastIndexOf('.'), k.lastIndexOf('$')) + 1).equals(kind)) {
                return k;
            }
        }
        return null;
    }

    private static String firstFailure(List<NodeInfo> targets, List<TaskResult> results) {
        for (int i = 0; i < targets.size(); i++) {
            TaskResult r = results.get(i);
            if (!r.ok()) {
                return "node " + targets.get(i).id() + " (" + targets.get(i).profile() + "): " + r.outcome() + ": "
                        + r.reason();
            }
        }
        return null;
    }

    private static NodeResult result(NodeInfo node, TaskResult r) {
        return new NodeResult(node.id(), node.profile(), r.outcome().name(), r.millis(), r.reason());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
