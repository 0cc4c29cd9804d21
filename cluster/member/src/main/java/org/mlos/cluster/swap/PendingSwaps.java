package org.mlos.cluster.swap;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.wire.Wire;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapReport;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.map.IMap;

/**
 * The atomic swaps this node took part in whose outcome is not decided yet. The decision lives in
 * the cluster map {@value #DECISIONS}, written once ({@code putIfAbsent}) by whoever decides
 * first: the coordinator {@value #COMMIT} when every node swapped, or {@value #ABORT} by the
 * coordinator when one failed, or by a node that gave up waiting: its coordinator left the
 * cluster (killed, paused, partitioned away) or did not decide in time. So a swap ends the same
 * way on every node, the old implementation unless the coordinator committed, even when the
 * coordinator dies half way; no node waits on it for longer than its timeout.
 */
public final class PendingSwaps implements MembershipListener {

    static final String DECISIONS = "mlos.cluster.atomic";
    static final String COMMIT = "commit";
    static final String ABORT = "abort";
    static final String DECISION = "decision";
    private static final long DECISION_TTL_MINUTES = 10;
    private static final System.Logger LOG = System.getLogger(PendingSwaps.class.getName());

    private record Pending(String kind, String before, String impl, String coordinator) {
    }

    private final LocalNode node;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private final Map<String, TaskResult> resolved = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskResult> eldest) {
            return size() > 64;
        }
    };
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlos-cluster-pending-swaps");
        t.setDaemon(true);
        return t;
    });
    private volatile UUID listener;

    public PendingSwaps(LocalNode node) {
        this.node = node;
    }

    static IMap<String, byte[]> decisions(LocalNode node) {
        return node.instance().getMap(DECISIONS);
    }

    static void decide(LocalNode node, String swapId, String decision) {
        decisions(node).putIfAbsent(swapId, seal(node, swapId, decision), DECISION_TTL_MINUTES, TimeUnit.MINUTES);
    }

    /** The decision, written now as {@code proposal} unless someone decided first. */
    static String decideOrRead(LocalNode node, String swapId, String proposal) {
        @SuppressWarnings("unchecked")
        IMap<String, Object> any = (IMap<String, Object>) (IMap<String, ?>) decisions(node);
        Object earlier;
        try {
            earlier = any.putIfAbsent(swapId, seal(node, swapId, proposal), DECISION_TTL_MINUTES, TimeUnit.MINUTES);
        } catch (com.hazelcast.nio.serialization.HazelcastSerializationException undeserializable) {
            return ABORT; // something no node writes was there first
        }
        if (earlier == null) {
            return proposal;
        }
        return earlier instanceof byte[] sealed ? open(node, swapId, sealed) : ABORT; // a stranger's, as a forged one
    }

    /** A decision is sealed like any control message: a stranger who learnt a swap's id cannot commit it. */
    private static byte[] seal(LocalNode node, String swapId, String decision) {
        return node.auth().seal(DECISION, node.sender(), new Wire.Writer().string(swapId).string(decision).bytes());
    }

    /** A decision that does not verify (a stranger's) counts as abort: it cannot keep a node on the new implementation. */
    private static String open(LocalNode node, String swapId, byte[] sealed) {
        try {
            return check(node, swapId, sealed);
        } catch (AuthException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "refused the decision of atomic swap " + swapId + " (claiming sender "
                    + MessageAuth.claimedSender(sealed) + "): " + e.getMessage());
        }
        return ABORT;
    }

    /** The decision a sealed value holds, if a node of this cluster sealed it for this swap. */
    static String check(LocalNode node, String swapId, byte[] sealed) throws AuthException {
        Wire.Reader r = new Wire.Reader(node.auth().openRepeatable(DECISION, sealed,
                Duration.ofMinutes(DECISION_TTL_MINUTES)).payload());
        String id = r.string();
        String decision = r.string();
        r.end();
        if (!swapId.equals(id)) {
            throw new AuthException("made for swap " + id);
        }
        if (!COMMIT.equals(decision) && !ABORT.equals(decision)) {
            throw new AuthException("not a decision: " + decision);
        }
        return decision;
    }

    /** How often a node's part of an atomic swap looks for an abort while it copies. */
    static final long ABORT_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /**
     * What the kernel asks while this node's part of an atomic swap copies, and before it checks
     * the new implementation: why to stop (its coordinator left the cluster, so nobody will commit;
     * {@code wait}, the coordinator's timeout, ran out, so the coordinator gave up on this node; or
     * the swap was aborted, another node having failed), or null to go on. Cheap: a look at the
     * member list this node already holds, and at most every {@link #ABORT_LOOK_NANOS} a look at the
     * decision, asked of the cluster without waiting for it (the swap's path must not wait on the
     * decision map): a node whose peer died went on copying its whole store, switched, and then
     * copied it all back.
     */
    Supplier<String> stopUnlessDecidable(String coordinator, Duration wait, String swapId) {
        long deadline = System.nanoTime() + wait.toNanos();
        AbortLook abort = new AbortLook(swapId);
        return () -> {
            try {
                if (!isMember(coordinator)) {
                    return "its coordinator left the cluster";
                }
            } catch (RuntimeException stopping) {
                return "this node's cluster member is stopping: " + stopping.getMessage(); // no decision could reach it
            }
            if (abort.aborted()) {
                return "aborted: another node of the swap failed";
            }
            return System.nanoTime() - deadline > 0 ? "no decision in " + wait.toSeconds() + " s" : null;
        };
    }

    /**
     * What the kernel asks while this node's part of a rolling swap runs: why to stop (its
     * coordinator gave up waiting and wrote abort), or null to go on. As cheap as
     * {@link #stopUnlessDecidable}: a look at the decision at most every {@link #ABORT_LOOK_NANOS}.
     */
    Supplier<String> stopWhenGivenUp(String swapId) {
        AbortLook abort = new AbortLook(swapId);
        return () -> abort.aborted() ? "its coordinator gave up waiting for it (no progress in the swap's --timeout)" : null;
    }

    /** Whether a swap was aborted, as far as the last answered look at its decision tells. */
    private final class AbortLook {
        private final String swapId;
        private java.util.concurrent.CompletableFuture<byte[]> look;
        private long lookedAt = System.nanoTime();
        private boolean aborted;

        AbortLook(String swapId) {
            this.swapId = swapId;
        }

        /** Called on the swap's thread only. */
        boolean aborted() {
            if (aborted) {
                return true;
            }
            if (look != null && look.isDone()) {
                byte[] d = look.getNow(null);
                aborted = d != null && ABORT.equals(open(node, swapId, d));
                look = null;
            } else if (look == null && System.nanoTime() - lookedAt >= ABORT_LOOK_NANOS) {
                lookedAt = System.nanoTime();
                try {
                    // by its bytes first, off the swap's path: a stranger's value must not be built
                    look = java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> org.mlos.cluster.auth.SealedEntries.get(decisions(node), swapId)).exceptionally(noDataMember -> null);
                } catch (RuntimeException noDataMember) {
                    look = null; // looked at again later; the coordinator's undo still reaches this node
                }
            }
            return aborted;
        }
    }

    /** This node swapped {@code kind} from {@code before} to {@code impl} for swap {@code swapId}. */
    void add(String swapId, String kind, String before, String impl, String coordinator, Duration wait) {
        if (listener == null) {
            synchronized (this) {
                if (listener == null) {
                    listener = node.instance().getCluster().addMembershipListener(this);
                }
            }
        }
        pending.put(swapId, new Pending(kind, before, impl, coordinator));
        deadlines.put(swapId, timer.schedule(() -> resolveQuietly(swapId, "no decision in " + wait.toSeconds() + " s"),
                wait.toMillis(), TimeUnit.MILLISECONDS));
        // The coordinator may have gone, or decided to abort, while this node was swapping; looked
        // up off the swap's path, which must not wait for the decision map.
        timer.execute(() -> {
            if (!isMember(coordinator)) {
                resolveQuietly(swapId, "its coordinator left the cluster");
            } else if (aborted(swapId)) {
                resolveQuietly(swapId, "aborted");
            }
        });
    }

    private boolean aborted(String swapId) {
        try {
            byte[] d = org.mlos.cluster.auth.SealedEntries.get(decisions(node), swapId); // by its bytes first
            return d != null && ABORT.equals(open(node, swapId, d));
        } catch (RuntimeException noDataMember) {
            return false; // settled at the deadline, or when the coordinator says so
        }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        String gone = event.getMember().getUuid().toString();
        pending.forEach((id, p) -> {
            if (p.coordinator().equals(gone)) {
                timer.execute(() -> resolveQuietly(id, "its coordinator left the cluster"));
            }
        });
    }

    /**
     * Settles a swap: keeps the new implementation if the swap was committed, else goes back.
     * COMPLETED if this node went back, UNCHANGED if there was nothing to undo.
     */
    synchronized TaskResult resolve(String swapId, String why) {
        Pending p = pending.remove(swapId);
        if (p == null) {
            TaskResult earlier = resolved.get(swapId);
            return earlier != null ? earlier : new TaskResult(TaskOutcome.UNCHANGED, 0, null, null);
        }
        ScheduledFuture<?> deadline = deadlines.remove(swapId);
        if (deadline != null) {
            deadline.cancel(false);
        }
        TaskResult r = settle(swapId, p, why);
        resolved.put(swapId, r);
        return r;
    }

    private TaskResult settle(String swapId, Pending p, String why) {
        String decision;
        try {
            decision = decideOrRead(node, swapId, ABORT);
        } catch (RuntimeException noDataMember) {
            // The decision cannot be read (no member holds data right now): a coordinator that
            // could not have written one either; presume abort, as every other node does.
            decision = ABORT;
        }
        if (COMMIT.equals(decision)) {
            return new TaskResult(TaskOutcome.UNCHANGED, 0, null, p.impl());
        }
        String active = node.kernel().kind(p.kind()).map(KindInfo::active).orElse(null);
        if (!p.impl().equals(active)) {
            return new TaskResult(TaskOutcome.UNCHANGED, 0, null, active);
        }
        SwapReport r = node.kernel().swap(p.kind(), p.before());
        node.changed();
        LOG.log(System.Logger.Level.INFO, "atomic swap " + swapId + " of " + p.kind() + " not committed (" + why
                + "): back from " + p.impl() + " to " + p.before() + ", " + r.outcome());
        return new TaskResult(TaskOutcome.of(r.outcome()), 0, r.reason(), p.impl());
    }

    private void resolveQuietly(String swapId, String why) {
        try {
            resolve(swapId, why);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not settle atomic swap " + swapId + ": " + e);
        }
    }

    private boolean isMember(String uuid) {
        for (Member m : node.instance().getCluster().getMembers()) {
            if (m.getUuid().toString().equals(uuid)) {
                return true;
            }
        }
        return false;
    }

    public void close() {
        timer.shutdownNow();
        UUID l = listener;
        if (l != null) {
            try {
                node.instance().getCluster().removeMembershipListener(l);
            } catch (RuntimeException down) {
                // the member is stopping
            }
        }
    }
}
