package org.mlos.cluster.member;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;

/**
 * Keeps a member holding data. Nodes that serve no data join as lite members, but the registry,
 * the swap locks and decisions and the rollout jars live in cluster maps, which need a data
 * member. In a cluster of lite members only (workers alone) the oldest promotes itself when it
 * joins, and the others wait for it. When the last data member goes, the oldest lite member
 * promotes itself after {@value #PROMOTE_AFTER_SECONDS} s, unless its member merged back into a
 * cluster meanwhile: a lite member alone because it was paused or cut off finds its cluster
 * again within seconds, and must come back as the lite member it was.
 */
final class DataMembers implements MembershipListener {

    static final int PROMOTE_AFTER_SECONDS = 15;
    private static final System.Logger LOG = System.getLogger(DataMembers.class.getName());

    private final HazelcastInstance instance;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlos-cluster-data-members");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicLong merges = new java.util.concurrent.atomic.AtomicLong();

    private DataMembers(HazelcastInstance instance) {
        this.instance = instance;
    }

    /**
     * Returns once the cluster has a data member, and keeps one from then on; null if {@code stopping}
     * turns true first (the bundle stops: a node's end must not wait out the whole {@code wait}).
     */
    static DataMembers ensure(HazelcastInstance instance, Duration wait, java.util.function.BooleanSupplier stopping) {
        DataMembers d = new DataMembers(instance);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (stopping.getAsBoolean()) { // before a promotion: a member about to leave takes on no data
                d.close();
                return null;
            }
            if (d.promoteIfNone()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no member of the cluster holds data after " + wait.toSeconds()
                        + " s, and this one is not the oldest lite member");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a data member", e);
            }
        }
        instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGING
                    || event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                d.merges.incrementAndGet();
            }
        });
        instance.getCluster().addMembershipListener(d);
        return d;
    }

    /** True if the cluster has a data member (now, maybe this one). */
    private boolean promoteIfNone() {
        Member oldestLite = null;
        for (Member m : instance.getCluster().getMembers()) { // oldest first
            if (!m.isLiteMember()) {
                return true;
            }
            if (oldestLite == null) {
                oldestLite = m;
            }
        }
        if (oldestLite != null && oldestLite.localMember()) {
            LOG.log(System.Logger.Level.INFO, "no member of the cluster holds data: this lite member now does");
            instance.getCluster().promoteLocalLiteMember();
            return true;
        }
        return false;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        if (event.getMember().isLiteMember()) {
            return;
        }
        long mergesBefore = merges.get();
        timer.schedule(() -> {
            if (merges.get() != mergesBefore) {
                return; // this member found its cluster again
            }
            try {
                promoteIfNone();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not promote this lite member to hold data: " + e);
            }
        }, PROMOTE_AFTER_SECONDS, TimeUnit.SECONDS);
    }

    void close() {
        timer.shutdownNow();
    }
}
