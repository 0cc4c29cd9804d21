package org.mlos.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = { "Installs a bundle jar on every node of a profile in the cluster.",
                "A node where a bundle of the jar's symbolic name runs updates it. The jar is signed with the"
                        + " operator's key (rollout.key in $XDG_CONFIG_HOME/mlos, default ~/.config/mlos); each node"
                        + " installs only jars signed by a key it trusts, and a node where the bundle does not resolve"
                        + " or start goes back to what it ran. The kinds an update restarts are moved to another"
                        + " implementation first and back after, with their state; a node where that fails keeps the old"
                        + " version. One node at a time: the first that does not take it stops the rollout, the"
                        + " nodes after it keeping their version (--all-at-once: every node together). Exit code 0"
                        + " only if every node took it." })
final class RolloutCommand extends NodeRequestCommand {
    @Parameters(index = "0", description = "the bundle jar")
    java.nio.file.Path jar;

    @Option(names = "--profile", required = true, description = "the profile whose nodes get it")
    String profile;

    @Option(names = "--key", description = "the Ed25519 private key to sign with, PKCS#8: PEM (openssl genpkey"
            + " -algorithm ed25519 -out key.pem), DER, or base64 on one line (default: rollout.key in the user's"
            + " mlos config folder, which 'mlos cluster up' makes); nodes must trust its public key")
    java.nio.file.Path key;

    @Option(names = "--restart-kinds", description = "accept that a kind every implementation of which the update"
            + " restarts (its API bundle, or the one bundle that holds them all) restarts empty on each node, waiting for"
            + " its own implementation, and that instances a node hosts for other nodes (impl@node) end, those nodes"
            + " failing over; without it such an update is refused, as their state would be lost")
    boolean restartKinds;

    @Option(names = "--all-at-once", description = "update every node of the profile together; by default one node"
            + " at a time, stopping at the first that does not take the update (the others keep their version)")
    boolean allAtOnce;

    @Override
    boolean cluster() {
        return true;
    }

    @Override
    boolean mayTakeLong() {
        return true;
    }

    @Override
    ProgressLines progress(NodeClient.RunningNode member) {
        return clusterProgress("rollout of " + jar.getFileName() + " to profile " + profile, member);
    }

    @Override
    String request() {
        if (java.nio.file.Files.isDirectory(jar)) {
            throw new IllegalArgumentException(jar + " is a folder: give the bundle jar's path");
        }
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no such file: " + jar);
        }
        java.nio.file.Path signWith = key == null ? org.mlos.launcher.OperatorKeys.user().privateKey() : key;
        if (!java.nio.file.Files.isRegularFile(signWith)) {
            throw new IllegalArgumentException("no signing key at " + signWith + (key == null
                    ? ": 'mlos cluster up' creates the operator's, or give one with --key" : ""));
        }
        try {
            return "cluster rollout " + profile + " " + jar.toAbsolutePath() + " --signature "
                    + org.mlos.launcher.OperatorKeys.sign(signWith, java.nio.file.Files.readAllBytes(jar))
                    + (restartKinds ? " --restart-kinds" : "") + (allAtOnce ? " --all-at-once" : "");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    boolean succeeded(String reply) {
        return reply.startsWith("ROLLED_OUT");
    }

    @Override
    boolean succeededJson(String reply) {
        // The node's report opens with its outcome; a node whose cluster bundle predates that JSON
        // form wraps its text, which opens with it too (a rollout may be what updates that bundle).
        return reply.startsWith("{\"outcome\":\"ROLLED_OUT\"") || reply.startsWith("{\"text\":\"ROLLED_OUT");
    }
}
