package org.mlos.launcher.cli;

import java.util.concurrent.Callable;

import org.mlos.launcher.ControlDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.scale.LocalScaler;
import org.mlos.launcher.scale.ScaleProgress;
import org.mlos.launcher.supervisor.ClusterFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlos scale <profile> +N|-N}: adds or removes nodes of a profile in the local cluster. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = { "Adds N nodes of a profile to the local cluster (mlos cluster up), or removes N.",
                "Out: the new nodes start like the others (same secret, settings, supervision) and the keys the"
                        + " ketama ring gives them are copied to them before they go on the ring. In: each leaving node"
                        + " drains (off the ring; its items moved to the nodes that own them on the ring without it),"
                        + " then stops; its log is kept (<log>.1 once its slot is reused). Nodes on the distributed"
                        + " store move nothing. 'mlos nodes' shows the result.",
                "One scale operation at a time per profile: while another (or the autoscaler's) is under way, this"
                        + " one is refused at once, saying who is scaling. While it takes more than a second, its"
                        + " progress each second on standard error: the step (nodes starting, keys copied per pass,"
                        + " nodes draining, stopped), nodes done, keys moved so far, and how far the node at work has got." })
final class ScaleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<profile>", description = "the profile, e.g. cache")
    String profile;

    @Parameters(index = "1", paramLabel = "+N|-N", description = "how many nodes to add (+N) or remove (-N)")
    String change;

    @Option(names = "--name", defaultValue = "mlos", description = "the cluster's name (default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--grace-ms", defaultValue = "1500", description = "how long clients get to see a ring change"
            + " before the last pass of a move (default ${DEFAULT-VALUE})")
    long graceMs;

    /** +N or -N as a signed count; anything else is refused, saying what was expected. */
    static int parseChange(String s) {
        if (s == null || s.length() < 2 || (s.charAt(0) != '+' && s.charAt(0) != '-')) {
            throw new IllegalArgumentException("scale takes +N or -N (e.g. +1 adds a node, -1 removes one), not '" + s + "'");
        }
        int n;
        try {
            if (!s.substring(1).chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            n = Integer.parseInt(s.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale takes +N or -N with N a whole number, not '" + s + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException("scale by at least one node: +N or -N with N >= 1, not '" + s + "'");
        }
        return s.charAt(0) == '+' ? n : -n;
    }

    @Override
    @SuppressWarnings("try") // the lines run for the length of the block; nothing in it refers to them
    public Integer call() throws Exception {
        int n;
        try {
            n = parseChange(change);
        } catch (IllegalArgumentException e) {
            System.err.println("mlos scale: " + e.getMessage());
            return 2;
        }
        if (graceMs < 0) {
            // checked before anything changes: the grace comes after the new nodes are on the ring,
            // and a negative one failed there, leaving the old nodes' moved keys undeleted (outsider)
            System.err.println("mlos scale: --grace-ms must be 0 or more (milliseconds), not " + graceMs);
            return 2;
        }
        ClusterFiles files = new ClusterFiles(ControlDir.path().resolve("cluster"), name);
        LocalScaler scaler = new LocalScaler(NodeLayout.fromSystemProperties(), files, graceMs, System.out::println);
        try {
            scaler.requireProfile(profile);
            try {
                scaler.running();
            } catch (IllegalStateException none) {
                // an outsider's scale without --name was told only to start cluster mlos, while theirs ran
                System.err.println("mlos scale: " + none.getMessage()
                        + ClusterDown.othersUp(files.dir(), name, "mlos scale " + profile + " " + change));
                return 1;
            }
            LocalScaler.Result r;
            ScaleProgress progress = new ScaleProgress("scale " + profile + " " + change);
            try (ProgressLines lines = ProgressLines.of("scale " + profile + " " + change, progress::lines, System.err)) {
                r = scaler.change(profile, n, "mlos scale " + profile + " " + change + " (pid "
                        + ProcessHandle.current().pid() + ")", progress);
            }
            r.lines().forEach(System.out::println);
            System.out.println("cluster " + name + ": " + profile + " " + r.before() + " -> " + r.after() + " node(s), moved="
                    + r.moved() + " items, ms=" + r.millis() + "; 'mlos nodes' shows the registry");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("mlos scale: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("mlos scale: " + e.getMessage());
            return 1;
        }
    }
}
