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

    /** The third argument of a rollout whose operator accepts that a kind every implementation of which it restarts starts empty. */
    static final String RESTART_KINDS = "restart-kinds";

    private final String sha256;
    private final String signature;
    private final boolean restartKinds;

    InstallTask(String sha256, String signature, boolean restartKinds) {
        super(OP, restartKinds ? new String[] { sha256, signature, RESTART_KINDS } : new String[] { sha256, signature });
        this.sha256 = sha256;
        this.signature = signature;
        this.restartKinds = restartKinds;
    }

    static InstallTask of(List<String> args) {
        if (args.size() < 2 || args.size() > 3 || args.get(0) == null
                || (args.size() == 3 && !RESTART_KINDS.equals(args.get(2)))) {
            throw new IllegalArgumentException("install takes a SHA-256, a signature and optionally " + RESTART_KINDS);
        }
        return new InstallTask(args.get(0), args.get(1), args.size() == 3);
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
        BundleInstaller installer = new BundleInstaller(node.context(), node.kernel(), node.profile());
        BundleInstaller.Outcome o = installer.install(BundleJar.of(bytes), bytes, restartKinds);
        node.changed();
        return new TaskResult(o.outcome(), 0, o.reason(), null);
    }
}
