package org.mlos.cluster.rollout;

import org.mlos.cluster.member.LocalNode;
import org.mlos.cluster.swap.NodeTask;
import org.mlos.cluster.swap.TaskResult;

/** Installs or updates a rolled-out bundle on the node it runs on, after checking its SHA-256. */
final class InstallTask extends NodeTask {

    private static final long serialVersionUID = 1L;

    private final String sha256;

    InstallTask(String sha256) {
        this.sha256 = sha256;
    }

    @Override
    protected TaskResult run(LocalNode node) {
        byte[] bytes = instance().<String, byte[]>getMap(Rollouts.JARS).get(sha256);
        if (bytes == null) {
            return new TaskResult("FAILED", 0, "the jar is no longer in the cluster map " + Rollouts.JARS, null);
        }
        String actual = BundleJar.sha256(bytes);
        if (!actual.equals(sha256)) {
            return new TaskResult("FAILED", 0, "SHA-256 mismatch: expected " + sha256 + ", got " + actual
                    + "; not installed", null);
        }
        BundleInstaller.Outcome o = new BundleInstaller(node.context()).install(BundleJar.of(bytes), bytes);
        node.changed();
        return new TaskResult(o.outcome(), 0, o.reason(), null);
    }
}
