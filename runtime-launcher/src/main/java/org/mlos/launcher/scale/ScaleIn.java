package org.mlos.launcher.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * A scale-in ({@code mlos scale cache -N}): the newest N nodes of the profile drain one after the
 * other ({@code scale drain}: off the ring, their items moved to the nodes that stay), then those
 * drained are removed from the cluster's files (so a supervisor leaves them be) and stopped.
 *
 * <p>A leaving node that fails its drain (silent, as one stopped with {@code kill -STOP}, or
 * refusing) ends the scale-in there. The nodes drained before it are removed all the same: they
 * are off the ring with their items re-homed, so kept they would serve nothing. The failure says
 * which nodes were removed, which one failed, and the scale that finishes the job. It said
 * "Nothing was removed" while the nodes drained before were off the ring, and a scale run again
 * as it said would have drained them again and then taken older nodes too.
 *
 * <p>A drain asked of a node must begin by a time it is told ({@code --by}), before this scale may
 * give up on it: a node stopped with the request in its control socket, told "Nothing was
 * removed", drained itself off the ring once resumed, still listed, serving nothing.
 */
final class ScaleIn {

    private final LocalScaler scaler;
    private final ClusterFiles files;
    private final long graceMs;
    private final ScaleProgress progress;

    ScaleIn(LocalScaler scaler, ClusterFiles files, long graceMs, ScaleProgress progress) {
        this.scaler = scaler;
        this.files = files;
        this.graceMs = graceMs;
        this.progress = progress;
    }

    LocalScaler.Result run(String profile, int n) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<ClusterFiles.Entry> nodes = LocalScaler.ofProfile(scaler.running(), profile);
        if (n > nodes.size()) {
            throw new IllegalArgumentException("cannot remove " + n + " " + profile + " node(s): cluster " + files.name()
                    + " runs " + nodes.size());
        }
        List<ClusterFiles.Entry> leaving = nodes.subList(nodes.size() - n, nodes.size()); // the newest go first
        refuseAll(profile, nodes, n);
        String pids = leaving.stream().map(e -> String.valueOf(e.pid())).collect(Collectors.joining(","));
        List<String> lines = new ArrayList<>();
        List<ClusterFiles.Entry> drained = new ArrayList<>();
        long moved = 0;
        for (ClusterFiles.Entry e : leaving) {
            progress.step("draining", drained.size(), n, "drained", moved, "re-homed", LocalScaler.detail(e));
            String r;
            try {
                r = drain(e, pids, nodes.size() > n);
            } catch (IOException silent) {
                if (drained.isEmpty()) {
                    throw nothingRemoved(e, nodes, n, silent);
                }
                remove(drained, moved, lines);
                throw new IOException(partly(profile, nodes, leaving, drained, moved, silent), silent);
            } catch (RuntimeException refused) {
                if (drained.isEmpty()) {
                    throw refused; // the node's answer says it all, and nothing was done
                }
                remove(drained, moved, lines);
                throw new IllegalStateException(partly(profile, nodes, leaving, drained, moved, refused), refused);
            }
            moved += NodeRequests.field(r, "moved");
            lines.add(e.name() + " pid=" + e.pid() + " " + NodeRequests.ownersNamed(r, nodes));
            drained.add(e);
            progress.event(String.format(Locale.ROOT, "%s (pid %d) drained: %,d keys re-homed in %d pass(es)", e.name(), e.pid(),
                    NodeRequests.field(r, "moved"), NodeRequests.field(r, "passes")));
        }
        remove(drained, moved, lines);
        return new LocalScaler.Result(nodes.size(), nodes.size() - n, moved, (System.nanoTime() - start) / 1_000_000, lines);
    }

    /**
     * Asks {@code e} to drain. A node resumed after a pause ({@code kill -STOP}) finds itself alone
     * until its cluster merges it back (seconds): it refused as the last node of its profile, and
     * the scale, run again as told, said to stop the whole cluster while the others served. With
     * nodes of the profile staying ({@code othersStay}), such a refusal is asked again, once a
     * second, for {@value #REJOIN_TRIES} seconds at most.
     */
    private String drain(ClusterFiles.Entry e, String pids, boolean othersStay) throws IOException, InterruptedException {
        for (int tries = 1;; tries++) {
            // by when it must begin: the wait below gives up no sooner than the answer time and one check (AnswerWait)
            long by = System.currentTimeMillis() + AnswerWait.within().toMillis();
            try {
                return NodeRequests.expect(e, "scale drain --leaving " + pids + " --grace-ms " + graceMs + " --by " + by, "drained");
            } catch (IllegalStateException refused) {
                if (!othersStay || !refused.getMessage().contains(ALONE)) {
                    throw refused;
                }
                if (tries >= REJOIN_TRIES) {
                    throw new IllegalStateException(refused.getMessage() + " (asked " + tries + " times over " + tries
                            + " s: it still sees no other node of its profile; check that they run, with mlos nodes)", refused);
                }
                if (tries == 1) {
                    progress.event(e.name() + " (pid " + e.pid() + ") sees no other node of its profile: rejoining"
                            + " its cluster after a pause? asking again each second");
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** How a node refuses to drain as the last of its profile (cluster module, {@code ScaleCommands}). */
    static final String ALONE = "no other serving node of profile";
    static final int REJOIN_TRIES = 30;

    /** Each drains to the nodes that stay: with none, the first failed inside with the node's raw reply. */
    private void refuseAll(String profile, List<ClusterFiles.Entry> nodes, int n) throws IOException {
        boolean hasRing;
        try {
            hasRing = n == nodes.size() && scaler.hasRing(nodes.get(0));
        } catch (IOException silent) {
            throw nothingRemoved(nodes.get(0), nodes, n, silent);
        }
        if (hasRing) {
            throw new IllegalArgumentException("cannot remove all " + n + " " + profile + " node(s) of cluster " + files.name()
                    + ": their keys would have no node to move to; keep at least one (mlos cluster down"
                    + scaler.nameOption() + " stops the whole cluster)");
        }
    }

    /** Takes the drained nodes out of the cluster's files, then stops them and deletes their data folders. */
    private void remove(List<ClusterFiles.Entry> drained, long moved, List<String> lines)
            throws IOException, InterruptedException {
        files.locked(() -> {
            if (!Files.exists(files.nodes())) {
                return null; // a cluster down ran meanwhile: writing the list back would make a cluster of none
            }
            List<ClusterFiles.Entry> all = files.read();
            all.removeIf(x -> drained.stream().anyMatch(l -> l.pid() == x.pid()));
            files.write(all);
            return null;
        });
        int stopped = 0;
        for (ClusterFiles.Entry e : drained) {
            progress.step("stopping", stopped, drained.size(), "stopped", moved, "re-homed", null);
            LocalScaler.stop(e.pid());
            stopped++;
            lines.add("stopped " + e.name() + " pid=" + e.pid());
            progress.event(e.name() + " (pid " + e.pid() + ") stopped");
            // its items live on elsewhere now: a later node in its slot must not recover them, stale, from here
            LocalScaler.deleteDataFolder(e);
        }
    }

    /** The first leaving node (or the one asked for the ring) did not answer: all is as it was. */
    private IOException nothingRemoved(ClusterFiles.Entry asked, List<ClusterFiles.Entry> nodes, int n, IOException e) {
        return new IOException(e.getMessage() + " Nothing was removed: cluster " + files.name() + " still runs its "
                + nodes.size() + " " + asked.profile() + " node(s). Run the scale again (mlos scale " + asked.profile()
                + " -" + n + scaler.nameOption() + ") once " + asked.name() + " (pid " + asked.pid()
                + ") answers (kill -CONT " + asked.pid() + " first if it was stopped)", e);
    }

    /** A later leaving node failed its drain: those before it were removed, it and those after it stay. */
    private String partly(String profile, List<ClusterFiles.Entry> nodes, List<ClusterFiles.Entry> leaving,
            List<ClusterFiles.Entry> drained, long moved, Exception failure) {
        ClusterFiles.Entry failed = leaving.get(drained.size());
        List<ClusterFiles.Entry> after = leaving.subList(drained.size() + 1, leaving.size());
        return failure.getMessage() + " Removed " + drained.size() + " of the " + leaving.size() + " " + profile
                + " node(s) asked: " + names(drained) + String.format(Locale.ROOT, " (drained, %,d keys re-homed, stopped)", moved)
                + ". Not removed: " + failed.name() + (after.isEmpty() ? "" : ", nor " + names(after) + " after it")
                + "; cluster " + files.name() + " runs " + (nodes.size() - drained.size()) + " " + profile + " node(s). To finish,"
                + " run mlos scale " + profile + " -" + (leaving.size() - drained.size()) + scaler.nameOption() + " once "
                + failed.name() + " (pid " + failed.pid() + ") " + (failure instanceof IOException
                        ? "answers (kill -CONT " + failed.pid() + " first if it was stopped)"
                        : "can drain (its answer is above)");
    }

    private static String names(List<ClusterFiles.Entry> nodes) {
        return nodes.stream().map(ClusterFiles.Entry::name).collect(Collectors.joining(", "));
    }
}
