package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a local cluster ({@code mlos cluster up}) in its folder: {@code <name>.nodes} (one
 * line per node: pid, profile, log) and {@code <name>.spec} (the same nodes in the same order:
 * slot, profile, arguments; see {@link SupervisedNode}), changed together under the lock file
 * {@code <name>.lock} by whoever changes them: {@code mlos scale}, the autoscaler, the
 * supervisor when it restarts a node. Readers that only list nodes need no lock: every write
 * replaces a file whole.
 */
public final class ClusterFiles {

    /** One node: its process, profile and log, and how it was started (null for a cluster started before specs were kept). */
    public record Entry(long pid, String profile, String log, SupervisedNode node) {
        /**
         * How a message names the node: its slot ({@code cache-2}), as {@code --node} takes it,
         * {@code cluster up} prints it and these files list it. Messages named it {@code cache-<pid>}
         * (its control socket's name), which no other command shows; a node listed without a slot
         * (by a build before slots were kept) is still named so.
         */
        public String name() {
            return node != null ? node.slot() : profile + "-" + pid;
        }

        String line() {
            return pid + " " + profile + " " + log;
        }
    }

    /** Work done while the cluster's files are locked. */
    public interface Locked<T> {
        T run() throws IOException, InterruptedException;
    }

    private static final Object IN_PROCESS = new Object(); // a FileLock is per process: threads queue here first

    private final Path dir;
    private final String name;

    public ClusterFiles(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Path nodes() {
        return dir.resolve(name + ".nodes");
    }

    public Path spec() {
        return SupervisedNode.specFile(dir, name);
    }

    public Path supervisorPid() {
        return SupervisedNode.pidFile(dir, name);
    }

    public Path log(String slot) {
        return dir.resolve(name + "-" + slot + ".log");
    }

    public <T> T locked(Locked<T> work) throws IOException, InterruptedException {
        synchronized (IN_PROCESS) {
            try (FileChannel ch = FileChannel.open(dir.resolve(name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                return work.run();
            }
        }
    }

    /** The nodes, the spec's line beside each node's (no spec: null). */
    public List<Entry> read() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(nodes())) {
            return out;
        }
        List<String> lines = Files.readAllLines(nodes(), StandardCharsets.UTF_8);
        List<SupervisedNode> spec = Files.exists(spec()) ? SupervisedNode.read(spec()) : List.of();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ", 3);
            out.add(new Entry(Long.parseLong(f[0]), f[1], f.length > 2 ? f[2] : "", i < spec.size() ? spec.get(i) : null));
        }
        return out;
    }

    /** Replaces both files (the spec only if every entry has one). Call under {@link #locked}. */
    public void write(List<Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        List<SupervisedNode> spec = new ArrayList<>();
        for (Entry e : entries) {
            lines.add(e.line());
            if (e.node() != null) {
                spec.add(e.node());
            }
        }
        if (spec.size() == entries.size()) {
            SupervisedNode.write(spec(), spec);
        }
        SupervisedNode.writeAtomically(nodes(), lines);
    }
}
