package org.mlos.cluster.rollout;

import java.util.List;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.node.NodeTask;
import org.mlos.cluster.node.TaskOutcome;
import org.mlos.cluster.node.TaskResult;

/**
 * Installs or updates a rolled-out bundle on the node it runs on: only a jar whose SHA-256 is the
 * one named and whose signature a trusted key made.
 */
final class InstallTask extends NodeTask {

    static final String OP = "install";
    private static final System.Logger LOG = System.getLogger(InstallTask.class.getName());

    private final String sha256;
    private final String signature;

    InstallTask(String sha256, String signature) {
        super(OP, sha256, signature);
        this.sha256 = sha256;
        this.signature = signature;
    }

    static InstallTask of(List<String> args) {
        if (args.size() != 2 || args.get(0) == null) {
            throw new IllegalArgumentException("install takes a SHA-256 and a signature");
        }
        return new InstallTask(args.get(0), args.get(1));
    }

    @Override
    protected TaskResult run(LocalNode node) {
        // by its bytes first: a stranger's value of a forged length must not be built
        byte[] bytes = org.mlos.cluster.auth.SealedEntries.get(node.instance().<String, byte[]>getMap(Rollouts.JARS), sha256);
        if (bytes == null) {
            return new TaskResult(TaskOutcome.FAILED, 0, "the jar is no longer in the cluster map " + Rollouts.JARS, null);
        }
        String actual = BundleJar.sha256(bytes);
        try {
            node.signers().verify(actual, signature);
        } catch (AuthException e) {
            LOG.log(System.Logger.Level.WARNING, "refused to install rolled-out jar " + actual + ": " + e.getMessage());
            return new TaskResult(TaskOutcome.REFUSED, 0, "not installed: " + e.getMessage(), null);
        }
        if (!actual.equals(sha256)) {
            return new TaskResult(TaskOutcome.FAILED, 0, "SHA-256 mismatch: expected " + sha256 + ", got " + actual
                    + "; not installed", null);
        }
        BundleInstaller.Outcome o = new BundleInstaller(node.context()).install(BundleJar.of(bytes), bytes);
        node.changed();
        return new TaskResult(o.outcome(), 0, o.reason(), null);
    }
}
