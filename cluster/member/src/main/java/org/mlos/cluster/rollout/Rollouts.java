package org.mlos.cluster.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.progress.Operation;
import org.mlos.cluster.progress.Operations;
import org.mlos.cluster.registry.NodeRegistry;
import org.mlos.cluster.node.TaskResult;
import org.mlos.cluster.node.TaskTypes;
import org.mlos.cluster.task.Tasks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Rolls a bundle out to the nodes of one profile: the jar goes into the cluster map
 * {@value #JARS} under its SHA-256, every node of the profile installs (or updates) it at once,
 * checking the operator's signature and the hash first, and reports; the others are not asked.
 * This node only carries the signature: each target decides for itself whether it trusts it.
 */
public final class Rollouts {

    static final String JARS = "mlos.cluster.jars";
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final NodeRegistry registry;
    private final Tasks tasks;
    private final IMap<String, byte[]> jars;
    private final Operations operations;

    public Rollouts(HazelcastInstance instance, NodeRegistry registry, Operations operations) {
        this.registry = registry;
        this.operations = operations;
        this.tasks = new Tasks(instance);
        this.jars = instance.getMap(JARS);
    }

    /** Adds the task a rollout sends to the ones this node runs. */
    public static TaskTypes register(TaskTypes types) {
        return types.add(InstallTask.OP, InstallTask::of);
    }

    /** @param signature the operator's Ed25519 signature (base64) of the jar, or null: then every node refuses it */
    public RolloutReport rollout(String profile, byte[] jar, String signature) {
        return rollout(profile, jar, signature, false);
    }

    /**
     * @param restartKinds whether a kind every implementation of which the update restarts may
     *        start empty; else the nodes refuse such an update ({@link KindsAside})
     */
    public RolloutReport rollout(String profile, byte[] jar, String signature, boolean restartKinds) {
        return rollout(profile, jar, signature, restartKinds, false);
    }

    /**
     * @param allAtOnce every node at once; else one at a time, stopping at the first node that
     *        does not take the update (the nodes after it are {@value #SKIPPED}, their version kept)
     */
    public RolloutReport rollout(String profile, byte[] jar, String signature, boolean restartKinds, boolean allAtOnce) {
        long start = System.nanoTime();
        BundleJar bundle = BundleJar.of(jar);
        List<String> targets = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        for (NodeInfo n : registry.nodes()) {
            if (n.profile().equals(profile)) {
                targets.add(n.id());
                profiles.add(n.profile());
            }
        }
        if (targets.isEmpty()) {
            java.util.Set<String> running = new java.util.TreeSet<>();
            registry.nodes().forEach(n -> running.add(n.profile()));
            throw new IllegalArgumentException("no node of the cluster runs profile " + profile + " (its nodes run "
                    + (running.isEmpty() ? "none" : String.join(", ", running)) + ")");
        }
        Operation progress = operations.start("rollout", bundle.symbolicName() + " " + bundle.version() + " to profile "
                + profile, null, "sharing the jar", targets, profiles);
        List<RolloutReport.NodeResult> results = new ArrayList<>();
        try {
            jars.put(bundle.sha256(), jar, 1, TimeUnit.HOURS);
            progress.phase("install", allAtOnce);
            java.util.function.Function<String, org.mlos.cluster.node.NodeTask> install = id -> new InstallTask(bundle.sha256(),
                    signature, restartKinds);
            if (allAtOnce) {
                List<TaskResult> outcomes = tasks.onEach(targets, install, TIMEOUT,
                        (i, r) -> progress.done(i, r.outcome().name(), r.millis(), r.reason()));
                for (int i = 0; i < targets.size(); i++) {
                    TaskResult r = outcomes.get(i);
                    results.add(new RolloutReport.NodeResult(targets.get(i), r.outcome().name(), r.millis(), r.reason()));
                }
            } else {
                results.addAll(oneAtATime(targets, id -> {
                    progress.asked(targets.indexOf(id));
                    return tasks.onEach(List.of(id), install, TIMEOUT).get(0);
                }, (i, r) -> progress.done(i, r.outcome(), r.millis(), r.reason())));
            }
        } finally {
            operations.end(progress);
            jars.remove(bundle.sha256());
        }
        return new RolloutReport(bundle.symbolicName(), bundle.version(), bundle.sha256(), profile,
                (System.nanoTime() - start) / 1_000_000, results);
    }

    /** A node's outcome when an earlier node did not take the update: it was not asked. */
    static final String SKIPPED = "SKIPPED";

    /**
     * Asks each node in turn ({@code ask}), telling each result as it comes ({@code told}, by the
     * node's index); after the first that does not take the update, the rest are {@value #SKIPPED}.
     */
    static List<RolloutReport.NodeResult> oneAtATime(List<String> targets, java.util.function.Function<String, TaskResult> ask,
            java.util.function.BiConsumer<Integer, RolloutReport.NodeResult> told) {
        List<RolloutReport.NodeResult> results = new ArrayList<>();
        String stoppedBy = null;
        for (int i = 0; i < targets.size(); i++) {
            RolloutReport.NodeResult result;
            if (stoppedBy != null) {
                result = new RolloutReport.NodeResult(targets.get(i), SKIPPED, 0, "not asked: " + stoppedBy + "; it keeps"
                        + " the version it runs (one node at a time, the first that does not take the update stops the"
                        + " rollout; --all-at-once asks every node together)");
            } else {
                TaskResult r = ask.apply(targets.get(i));
                result = new RolloutReport.NodeResult(targets.get(i), r.outcome().name(), r.millis(), r.reason());
                if (!r.outcome().ok()) {
                    stoppedBy = "node " + targets.get(i) + " answered " + r.outcome().name();
                }
            }
            told.accept(i, result);
            results.add(result);
        }
        return results;
    }
}
