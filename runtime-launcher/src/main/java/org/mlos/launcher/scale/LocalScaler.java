package org.mlos.launcher.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.KeptPorts;
import org.mlos.launcher.supervisor.SameImplementations;
import org.mlos.launcher.supervisor.SlotFolders;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * Adds nodes of a profile to a local cluster ({@code mlos cluster up}) or removes them, for
 * {@code mlos scale} and the autoscaler.
 *
 * <p>Out: starts the nodes like the cluster's others (same secret and settings; a data folder of
 * their own when supervised), off the ring ({@code mlos.scale.joining=true}, in their spec until
 * they serve, {@link #JOINING}); each node already serving moves the keys the ring with the new
 * nodes gives them ({@code scale rebalance}); the new nodes go on the ring ({@code scale serve});
 * after a grace period for clients to see the ring, a second pass moves what was written
 * meanwhile. A scale-out that fails before a new node went on the ring is rolled back: its new
 * nodes are removed from the cluster's files, stopped and their data folders deleted. In: {@link ScaleIn}.
 */
public final class LocalScaler {

    /** What a change did. */
    public record Result(int before, int after, long moved, long millis, List<String> lines) {
    }

    static final Duration READY = Duration.ofSeconds(120);
    private static final String DATA_DIR = SupervisedNode.DATA_DIR;

    private final NodeLayout layout;
    private final ClusterFiles files;
    private final long graceMs;
    private final Consumer<String> say;

    public LocalScaler(NodeLayout layout, ClusterFiles files, long graceMs, Consumer<String> say) {
        this.layout = layout;
        this.files = files;
        this.graceMs = graceMs;
        this.say = say;
    }

    /** Every node the cluster's files list, running or not. */
    public List<ClusterFiles.Entry> listed() throws IOException {
        return files.read();
    }

    /** The nodes of the cluster still running, in the order listed; a cluster not running fails, saying how to start one. */
    public List<ClusterFiles.Entry> running() throws IOException {
        List<ClusterFiles.Entry> out = new ArrayList<>();
        for (ClusterFiles.Entry e : files.read()) {
            if (org.mlos.launcher.Processes.node(e.pid())) {
                out.add(e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no local cluster " + files.name() + " is running (no live node in "
                    + files.nodes() + "); start one with: mlos cluster up" + nameOption());
        }
        return out;
    }

    /**
     * Fails, naming the built profiles, if {@code profile} is not one of them, and naming those
     * that join a cluster if its nodes never would ({@link ClusterProfiles}).
     */
    public void requireProfile(String profile) throws IOException {
        ClusterProfiles.requireJoining(layout.images(), List.of(profile), null);
    }

    /**
     * Adds ({@code change > 0}) or removes nodes of a profile, holding the profile's {@link ScaleLock}
     * throughout: a change while another of the same profile is under way (a manual {@code mlos
     * scale} and the autoscaler's request) fails at once with {@link ScaleLock.Busy}, naming it.
     *
     * @param who what is asking, for the one refused: e.g. {@code mlos scale cache +1 (pid 4711)}
     */
    public Result change(String profile, int change, String who) throws IOException, InterruptedException {
        return change(profile, change, who, new ScaleProgress("scale " + profile + " " + (change > 0 ? "+" : "") + change));
    }

    /** {@link #change(String, int, String)}, telling {@code progress} each step as it goes. */
    public Result change(String profile, int change, String who, ScaleProgress progress)
            throws IOException, InterruptedException {
        requireProfile(profile);
        if (change == 0) {
            throw new IllegalArgumentException("scale by +N or -N, N at least 1");
        }
        try (ScaleLock lock = ScaleLock.take(files, profile, who)) {
            return change > 0 ? out(profile, change, progress) : new ScaleIn(this, files, graceMs, progress).run(profile, -change);
        }
    }

    /** Asks a node how far its part of a move has got ({@code scale progress}): its line, or null if it cannot tell. */
    static java.util.function.Supplier<String> detail(ClusterFiles.Entry e) {
        return () -> {
            try {
                String r = NodeRequests.request(e, "scale progress").strip();
                return r.isEmpty() || r.startsWith("error:") ? null : e.name() + " (pid " + e.pid() + "): " + r;
            } catch (IOException silent) {
                return null;
            }
        };
    }

    /**
     * The setting that keeps a new node off the ring until {@code scale serve}. It is in the node's
     * spec in the cluster's files from its start until it serves ({@link #served}), not on its
     * command line alone: a supervisor restarts a node with its spec's arguments, and a new node
     * killed while the keys were copied to it came back serving at once, on the ring with only the
     * keys copied so far (a third to half of the keys missing at their owner). A restart of a node
     * still joining now joins again, off the ring, and the scale-out fails and is rolled back
     * ({@link #rollBack}); once the node serves, its spec is rewritten without the setting, so a
     * later restart serves at once on its data folder, as any node's does.
     */
    static final List<String> JOINING = List.of("--set", "mlos.scale.joining=true");

    private Result out(String profile, int n, ScaleProgress progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<ClusterFiles.Entry> before = ofProfile(running(), profile);
        List<String> lines = new ArrayList<>();
        Map<NodeProcess, SupervisedNode> specs = new HashMap<>();
        List<NodeProcess> started = new ArrayList<>();
        List<NodeProcess> serving = new ArrayList<>();
        try {
            files.locked(() -> {
                List<ClusterFiles.Entry> all = files.read();
                SupervisedNode template = template(all, profile);
                List<String> like = argsLike(template, profile, layout.images());
                like = withFreeMetricsPort(like, template.slot(), lines);
                int next = nextSlot(all, profile);
                for (int i = 0; i < n; i++) {
                    String slot = profile + "-" + (next + i);
                    List<String> args = new ArrayList<>();
                    // beside the template's, which is where the user's mlos.fault.dir put the cluster's
                    Path data = SupervisedNode.dataDir(like).map(d -> d.resolveSibling(files.name() + "-" + slot + ".data"))
                            .orElse(null);
                    for (String a : like) {
                        args.add(a.startsWith(DATA_DIR) ? DATA_DIR + data : a);
                    }
                    String aside = data == null ? null : SlotFolders.moveAsideIfAny(data);
                    if (aside != null) {
                        lines.add(aside);
                    }
                    int port = BasePort.next(all, 0); // the nodes started so far are in all already
                    if (port > 0 && ClusterProfiles.servesMemcached(layout.images(), profile)) {
                        args = BasePort.at(without(args, ClusterProfiles.OWN_PORT), port);
                    }
                    args.addAll(JOINING);
                    SupervisedNode spec = new SupervisedNode(slot, profile, args);
                    Path log = files.log(slot);
                    NodeProcess p = NodeProcess.startDetached(layout, profile, KeptPorts.withKeptPort(args, lines::add),
                            List.of(), log);
                    specs.put(p, spec);
                    started.add(p);
                    all.add(new ClusterFiles.Entry(p.pid(), profile, log.toString(), spec));
                    files.write(all);
                }
                return null;
            });
            List<Long> pids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (NodeProcess p : started) {
                progress.step("starting " + n + " node(s)", pids.size(), n, "ready", 0, null,
                        () -> specs.get(p).slot() + " (pid " + p.pid() + "): " + (p.serving() ? "serving, joining the cluster" : "booting"));
                ReadyLine r = p.awaitReady(READY);
                KeptPorts.keep(specs.get(p).args(), r);
                pids.add(r.pid());
                names.add(specs.get(p).slot() + " (pid " + r.pid() + ")");
                lines.add("started " + specs.get(p).slot() + " pid=" + r.pid() + " boot_ms=" + r.bootMs() + r.urls());
                progress.event(specs.get(p).slot() + " (pid " + r.pid() + ") ready, boot_ms=" + r.bootMs());
            }
            lines.addAll(SameImplementations.align(before, started, names));
            long moved = 0;
            Rebalance.Serving onRing = p -> {
                serving.add(p);
                served(specs.get(p));
            };
            if (!before.isEmpty() && hasRing(before.get(0))) {
                moved = new Rebalance(graceMs, progress).run(before, started, specs, pids, onRing);
                say.accept("rebalanced: " + moved + " items copied to the new nodes (in two passes: a key set again during"
                        + " the first is copied again)");
            } else {
                for (NodeProcess p : started) {
                    NodeRequests.serve(NodeRequests.listed(p, specs.get(p)));
                    onRing.served(p);
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Result(before.size(), before.size() + n, moved, ms, lines);
        } catch (IOException | RuntimeException e) {
            String what = "scale-out of " + profile + " by +" + n + " in cluster " + files.name() + " failed";
            if (!serving.isEmpty()) {
                // on the ring: clients may have written to them; taking them away would lose those writes
                throw new IllegalStateException(what + " after its new node(s) went on the ring: " + e.getMessage()
                        + ". The new node(s) " + pidsOf(serving) + " are serving" + (serving.size() < started.size()
                                ? " (of " + pidsOf(started) + ")" : "") + " and stay; nothing was rolled back. See mlos nodes;"
                        + " mlos scale " + profile + " -" + started.size() + " drains them", e);
            }
            if (specs.isEmpty()) {
                throw e; // nothing started
            }
            List<Long> stopped;
            try {
                stopped = rollBack(new ArrayList<>(specs.values()), started);
            } catch (IOException | RuntimeException r) {
                r.addSuppressed(e);
                throw new IllegalStateException(what + " before its new node(s) went on the ring: " + e.getMessage()
                        + "; and taking them away again failed: " + r.getMessage() + ". See mlos nodes; mlos cluster down"
                        + " and up starts the cluster afresh", r);
            }
            throw new IllegalStateException(what + " before its new node(s) went on the ring: " + e.getMessage()
                    + ". The " + specs.size() + " new node(s) (pid(s) " + stopped.stream().map(String::valueOf)
                            .collect(Collectors.joining(",")) + ") were stopped and removed: " + afterRollBack(before, profile)
                    + ". Run the scale again (mlos scale " + profile + " +" + n
                    + nameOption() + ") once its nodes run", e);
        }
    }

    /**
     * What the cluster has after a rollback: as before, or, when an old node died meanwhile (which
     * may be why the scale-out failed), which of them no longer runs; the rollback used to say "as
     * before" of a cluster with a node less.
     */
    private String afterRollBack(List<ClusterFiles.Entry> before, String profile) {
        List<String> gone = new ArrayList<>();
        for (ClusterFiles.Entry e : before) {
            if (!org.mlos.launcher.Processes.node(e.pid())) {
                Long now = restartedAs(e);
                gone.add(e.pid() + (now == null ? " died meanwhile" : " died meanwhile and runs again as pid " + now));
            }
        }
        if (gone.isEmpty()) {
            return "the cluster is as before, " + before.size() + " " + profile + " node(s)";
        }
        return "the cluster has its " + before.size() + " " + profile + " node(s) of before, but pid(s) "
                + String.join(", ", gone) + " (see mlos nodes; a cluster up with --supervise restarts a dead node)";
    }

    /** The live pid now listed for the slot of a node that died, if its supervisor restarted it. */
    private Long restartedAs(ClusterFiles.Entry dead) {
        if (dead.node() == null) {
            return null;
        }
        try {
            for (ClusterFiles.Entry e : files.read()) {
                if (e.node() != null && e.node().slot().equals(dead.node().slot()) && e.pid() != dead.pid()
                        && org.mlos.launcher.Processes.node(e.pid())) {
                    return e.pid();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the files unreadable: say only that it died
        }
        return null;
    }

    /** Rewrites the spec of a new node that serves now without {@link #JOINING}: a restart serves at once. */
    private void served(SupervisedNode node) throws IOException, InterruptedException {
        files.locked(() -> {
            if (!Files.exists(files.nodes())) {
                return null; // a cluster down ran meanwhile
            }
            List<ClusterFiles.Entry> all = files.read();
            for (int i = 0; i < all.size(); i++) {
                ClusterFiles.Entry e = all.get(i);
                if (e.node() != null && node.slot().equals(e.node().slot())) {
                    all.set(i, new ClusterFiles.Entry(e.pid(), e.profile(), e.log(), new SupervisedNode(e.node().slot(),
                            e.node().profile(), withoutJoining(e.node().args()))));
                }
            }
            files.write(all);
            return null;
        });
    }

    /**
     * Undoes a scale-out whose new nodes never went on the ring: removes them from the cluster's
     * files (so a supervisor leaves them be), found by slot, for a supervisor may have restarted
     * one under a new pid; stops them (the pid listed and the one started); forgets their data
     * folders and kept ports as {@link #in} does. The pids stopped.
     */
    private List<Long> rollBack(List<SupervisedNode> added, List<NodeProcess> started) throws IOException {
        List<ClusterFiles.Entry> removed = new ArrayList<>();
        try {
            files.locked(() -> {
                if (!Files.exists(files.nodes())) {
                    return null; // a cluster down ran meanwhile: it stops the nodes listed; writing back would make a cluster of none
                }
                List<ClusterFiles.Entry> all = files.read();
                for (ClusterFiles.Entry e : all) {
                    if (e.node() != null && added.stream().anyMatch(a -> a.slot().equals(e.node().slot()))) {
                        removed.add(e);
                    }
                }
                all.removeAll(removed);
                files.write(all);
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted rolling back a failed scale-out", e);
        }
        java.util.Set<Long> pids = new java.util.LinkedHashSet<>();
        for (ClusterFiles.Entry e : removed) {
            pids.add(e.pid());
        }
        for (NodeProcess p : started) {
            pids.add(p.pid());
        }
        for (long pid : pids) {
            stop(pid);
        }
        for (SupervisedNode node : added) {
            deleteDataFolder(new ClusterFiles.Entry(0, node.profile(), "", node));
        }
        return new ArrayList<>(pids);
    }

    /**
     * The arguments of a new node of {@code profile} started like {@code template}: the same, but
     * for a profile's first node, started like another profile's, whose own port follows whether
     * it serves memcached ({@link ClusterProfiles#ownPort}).
     */
    public static List<String> argsLike(SupervisedNode template, String profile, Path images) throws IOException {
        List<String> like = withoutJoining(template.args());
        if (template.profile().equals(profile)) {
            return like;
        }
        List<String> out = new ArrayList<>(ClusterProfiles.ownPort(images, profile));
        out.addAll(without(like, ClusterProfiles.OWN_PORT));
        return out;
    }

    /** The dashboard's port setting (core/metrics' MetricsProperties.PORT, a bundle the launcher does not load). */
    public static final String METRICS_PORT = "mlos.metrics.port";

    /**
     * {@code like} (a new node's arguments, copied from {@code template}'s) without a fixed
     * dashboard port, said in {@code lines}: a node started like one given {@code --set
     * mlos.metrics.port=N} got N too, and failed to listen. Without it, it takes a free one.
     */
    static List<String> withFreeMetricsPort(List<String> like, String template, List<String> lines) {
        String port = null;
        for (int i = 0; i + 1 < like.size(); i++) {
            if (like.get(i).equals("--set") && like.get(i + 1).startsWith(METRICS_PORT + "=")) {
                port = like.get(i + 1).substring(METRICS_PORT.length() + 1);
            }
        }
        if (port == null || port.trim().equals("0")) {
            return like;
        }
        lines.add("the new node(s) serve their dashboard on a free port each: " + METRICS_PORT + "=" + port + " is "
                + template + "'s (each ready line names its URL)");
        return without(like, List.of("--set", METRICS_PORT + "=" + port));
    }

    /** {@code args} without {@link #JOINING}. */
    static List<String> withoutJoining(List<String> args) {
        return without(args, JOINING);
    }

    /** {@code args} without the option-and-value {@code pair} wherever it is given. */
    static List<String> without(List<String> args, List<String> pair) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (i + 1 < args.size() && args.get(i).equals(pair.get(0)) && args.get(i + 1).equals(pair.get(1))) {
                i++;
            } else {
                out.add(args.get(i));
            }
        }
        return out;
    }

    private static String pidsOf(List<NodeProcess> nodes) {
        return "pid(s) " + nodes.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(","));
    }

    /** Whether the profile's nodes place keys on a ring: they serve memcached. */
    boolean hasRing(ClusterFiles.Entry node) throws IOException {
        String ring = NodeRequests.request(node, "scale ring " + node.profile());
        return ring.startsWith("ring=") && ring.trim().length() > "ring=".length();
    }

    /** The {@code --name} a command for this cluster needs: none for the default cluster. */
    String nameOption() {
        return files.name().equals("mlos") ? "" : " --name " + files.name();
    }

    static void deleteDataFolder(ClusterFiles.Entry e) throws IOException {
        if (e.node() == null) {
            return;
        }
        KeptPorts.forget(e.node().args());
        Optional<Path> dir = SupervisedNode.dataDir(e.node().args());
        if (dir.isPresent() && Files.isDirectory(dir.get())) {
            try (Stream<Path> s = Files.walk(dir.get())) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void stop(long pid) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            return;
        }
        p.get().destroy();
        try {
            p.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            p.get().destroyForcibly();
        }
    }

    static List<ClusterFiles.Entry> ofProfile(List<ClusterFiles.Entry> all, String profile) {
        List<ClusterFiles.Entry> out = new ArrayList<>();
        for (ClusterFiles.Entry e : all) {
            if (e.profile().equals(profile)) {
                out.add(e);
            }
        }
        return out;
    }

    /** How a new node of the profile starts: like one of its profile, else like any node of the cluster. */
    private SupervisedNode template(List<ClusterFiles.Entry> all, String profile) {
        SupervisedNode any = null;
        for (ClusterFiles.Entry e : all) {
            if (e.node() != null && e.node().profile().equals(profile)) {
                return e.node();
            }
            if (e.node() != null && any == null) {
                any = e.node();
            }
        }
        if (any == null) {
            throw new IllegalStateException("cluster " + files.name() + " was started before mlos scale kept how its nodes"
                    + " start (" + files.spec() + "); restart it with mlos cluster down and up");
        }
        return any;
    }

    private static int nextSlot(List<ClusterFiles.Entry> all, String profile) {
        int max = 0;
        for (ClusterFiles.Entry e : all) {
            if (e.node() != null && e.node().slot().startsWith(profile + "-")) {
                try {
                    max = Math.max(max, Integer.parseInt(e.node().slot().substring(profile.length() + 1)));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return max + 1;
    }

}
