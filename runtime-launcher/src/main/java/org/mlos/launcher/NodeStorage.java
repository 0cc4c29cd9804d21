package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a node keeps its framework storage when {@code --state} names none: a folder of its own,
 * named by pid, that lives as long as the node (cleaned on first init, deleted when the node ends,
 * SIGTERM included: {@code Node.Shutdown}).
 *
 * <p>It goes into memory when the machine offers a memory file system: {@code $XDG_RUNTIME_DIR}
 * (a tmpfs only its user can enter), else a folder of the user's own, 0700, under {@code /dev/shm};
 * else under {@code java.io.tmpdir} as before. Felix writes a dozen small files per bundle while it
 * installs them (the next bundle id after every install, each bundle's folder and info); on the
 * disk of a busy shared machine those were most of the install phase (a stack sampler: file
 * creation, 35% of the cache profile's install). Nothing in it outlives the node, so memory is the
 * right place. A node killed with -9 leaves its folder behind: {@link #sweep} removes those of
 * processes that are gone, after the node serves, here and under {@code java.io.tmpdir}.
 */
final class NodeStorage {

    static final String PREFIX = "mlos-node-";

    private NodeStorage() {
    }

    /** The folder the nodes of this user put their storage in (created 0700 if it must be). */
    static Path root() throws IOException {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime)) && Files.isWritable(Path.of(runtime))) {
            return Path.of(runtime);
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            // A shared folder, like /tmp: a folder only we can enter, refused if someone else made it first.
            return ControlDir.prepare(shm.resolve("mlos-" + System.getProperty("user.name")));
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** This node's storage folder under {@code root}. */
    static Path forThisNode(Path root) {
        return root.resolve(PREFIX + ProcessHandle.current().pid());
    }

    /**
     * Deletes the storage folders under {@code root} of nodes whose process is gone (killed before
     * they could delete their own); returns how many. Folders of running processes, anything not
     * named like a node's storage, links, and folders of other users are left alone: under a shared
     * {@code java.io.tmpdir} a node deleted another user's {@code mlos-node-<pid>} (an outsider's
     * audit), whose owner could also have swapped a folder in it for a link to elsewhere.
     */
    static int sweep(Path root) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, PREFIX + "*")) {
            java.nio.file.attribute.UserPrincipal me = null;
            for (Path p : s) {
                long pid = pidOf(p.getFileName().toString());
                if (pid <= 0 || pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isPresent()
                        || !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (me == null) {
                    me = root.getFileSystem().getUserPrincipalLookupService()
                            .lookupPrincipalByName(System.getProperty("user.name"));
                }
                if (me.equals(Files.getOwner(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        for (Path p : stale) {
            deleteTree(p);
        }
        return stale.size();
    }

    static long pidOf(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a folder left behind (or one another node's sweep took meanwhile) is swept by a later node
        }
    }

    /** Sweeps {@code root} on a daemon thread: after the ready line, off the serving path. */
    static void sweepLater(Path root) {
        Thread t = new Thread(new Sweeper(root), "mlos-storage-sweep");
        t.setDaemon(true);
        t.start();
    }

    private static final class Sweeper implements Runnable {
        private final Path root;

        Sweeper(Path root) {
            this.root = root;
        }

        @Override
        public void run() {
            sweep(root);
            // Builds before storage moved into memory kept it under java.io.tmpdir; their leftovers
            // (nodes killed with -9) are swept there too, or they pile up for ever.
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            if (!tmp.equals(root)) {
                sweep(tmp);
            }
        }
    }
}
