package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the {@code --set mlos.*} keys no code of the node reads: a misspelt key
 * ({@code mlos.memcached.hots}) was taken without a word and the node ran on the default. Told,
 * not refused: the key may be meant for a bundle this profile does not have (a script giving every
 * node of a mixed set the same {@code --set}s), which the warning says when another profile reads it.
 *
 * <p>What the node reads is what its bundles' code names ({@link PropertyNames}): their class files,
 * so there is no list of the bundles' keys to keep up to date; the launcher's few are {@link #LAUNCHER_READS}. Keys
 * outside {@code mlos.} (felix.*, org.osgi.*) belong to the framework and are not judged.
 */
public final class UnreadProperties {

    private static final String OURS = "mlos.";
    /** Bundles added by an option, not a profile: named by the option in a warning. */
    private static final Map<String, String> OPTION_FOLDERS = Map.of("_metrics", "--metrics");

    /**
     * The keys the launcher itself reads from a node's framework properties (in {@link Node}). Its
     * class files cannot say this: they also name every key it sets for bundles ({@code -l} is
     * {@code mlos.memcached.host}), which would make those known to every profile. Kept complete by
     * {@code AMisspeltSetPropertyWasTakenSilentlyTest}, which finds the launcher's reads in its sources.
     */
    static final List<String> LAUNCHER_READS = List.of(PidFile.PROPERTY, ConsoleLog.TIME_PROPERTY, LogLevels.PROPERTY);

    private final Path images;
    private final Map<Path, PropertyNames> byJar = new HashMap<>();

    UnreadProperties(Path images) {
        this.images = images;
    }

    /**
     * Checks {@code keys} on a thread of its own, beside the framework's install, resolve and start:
     * reading the bundles' class files took ~100 ms of a 1.1 s boot, which need not wait for it.
     * {@link Pending#tell} logs what it found as WARNINGs. No thread when no key is ours.
     */
    static Pending check(Path images, List<String> keys, String profile, List<Path> jars) {
        boolean ours = false;
        for (String k : keys) { // a loop, not a stream: on every node's boot path
            ours |= k.startsWith(OURS);
        }
        return ours ? new Pending(() -> new UnreadProperties(images).told(keys, profile, jars)) : Pending.NONE;
    }

    /**
     * The keys of {@code keys} that no bundle of any profile built in {@code images} reads (typos),
     * each as a node would tell it: for {@code cluster up}, whose nodes tell them in their logs
     * alone, where its operator did not look. {@code profile}: one the command starts.
     */
    public static List<String> readByNoProfile(Path images, Collection<String> keys, String profile) throws IOException {
        return new UnreadProperties(images).told(keys, profile, Profile.jars(images.resolve(profile))).stream()
                .filter(t -> t.level() == System.Logger.Level.WARNING).map(Told::line).toList();
    }

    /** A check under way; told once. */
    static final class Pending {
        static final Pending NONE = new Pending(null);
        /** Bounds the wait: a slow disk must not hold a node's boot for a warning. */
        private static final long WITHIN_MS = 5_000;

        private final Thread thread;
        private volatile List<Told> found = List.of();
        private boolean told;

        private Pending(Check check) {
            thread = check == null ? null : Thread.ofPlatform().daemon().name("mlos-unread-properties").start(() -> {
                try {
                    found = check.warnings();
                } catch (IOException | RuntimeException unreadable) {
                    // a jar that cannot be read is the install's to report, not this check's
                }
            });
        }

        synchronized void tell() throws InterruptedException {
            if (thread == null || told) {
                return;
            }
            told = true;
            thread.join(WITHIN_MS);
            for (Told t : found) {
                System.getLogger(Node.class.getName()).log(t.level(), t.line());
            }
        }
    }

    private interface Check {
        List<Told> warnings() throws IOException;
    }

    /**
     * A line about one key, and how loud: a key no profile reads (a typo) is a WARNING; one another
     * profile reads is INFO, since {@code cluster up} gives every node the user's {@code --set}s,
     * and a worker does not read the cache's keys by design.
     */
    record Told(System.Logger.Level level, String line) {
    }

    /**
     * A warning for each key of {@code keys} that neither the launcher nor a bundle of {@code jars}
     * reads, naming the nearest known keys and the profiles whose bundles read it.
     */
    List<String> warnings(Collection<String> keys, String profile, List<Path> jars) throws IOException {
        return told(keys, profile, jars).stream().map(Told::line).toList();
    }

    List<Told> told(Collection<String> keys, String profile, List<Path> jars) throws IOException {
        List<String> ours = keys.stream().filter(k -> k.startsWith(OURS)).toList();
        if (ours.isEmpty()) {
            return List.of(); // the common case: no class file opened
        }
        PropertyNames node = names(jars);
        LAUNCHER_READS.forEach(node::add);
        List<Told> told = new ArrayList<>();
        for (String key : ours) {
            if (!node.names(key)) {
                told.add(warning(key, profile, node));
            }
        }
        return told;
    }

    private Told warning(String key, String profile, PropertyNames node) throws IOException {
        PropertyNames all = new PropertyNames();
        all.addAll(node);
        List<String> profiles = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String other : others()) {
            PropertyNames names = names(Profile.jars(images.resolve(other)));
            all.addAll(names);
            if (names.names(key)) {
                (OPTION_FOLDERS.containsKey(other) ? options : profiles).add(OPTION_FOLDERS.getOrDefault(other, other));
            }
        }
        if (!profiles.isEmpty() || !options.isEmpty()) {
            List<String> readers = new ArrayList<>();
            if (!profiles.isEmpty()) {
                readers.add("by profile" + (profiles.size() > 1 ? "s " : " ") + String.join(", ", profiles));
            }
            if (!options.isEmpty()) {
                readers.add("with " + String.join(", ", options));
            }
            return new Told(System.Logger.Level.INFO, "--set " + key + " ignored: no bundle of profile " + profile
                    + " reads it (read " + String.join(", or ", readers) + ")");
        }
        List<String> nearest = ClosestNames.to(key, all.exact(), all.prefixes());
        return new Told(System.Logger.Level.WARNING, "--set " + key + " ignored: no bundle of any profile built here reads it"
                + (nearest.isEmpty() ? "" : " (did you mean " + String.join(" or ", nearest) + "?)")
                + "; the node starts without it");
    }

    /** The other folders of bundles the build made: every profile's, and those an option adds. */
    private List<String> others() throws IOException {
        List<String> folders = new ArrayList<>();
        if (images == null || !Files.isDirectory(images)) {
            return folders;
        }
        try (var dirs = Files.newDirectoryStream(images, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.equals("cnf") && !name.equals("_shell")) {
                    folders.add(name);
                }
            }
        }
        folders.sort(null);
        return folders;
    }

    /** Each jar read once, though most profiles share most of their bundles. */
    private PropertyNames names(List<Path> jars) throws IOException {
        PropertyNames names = new PropertyNames();
        for (Path jar : jars) {
            if (!jar.getFileName().toString().startsWith("mlos-")) {
                continue; // a library's jar: it reads no mlos.* key
            }
            PropertyNames n = byJar.get(jar.getFileName());
            if (n == null) {
                n = PropertyNames.in(List.of(jar));
                byJar.put(jar.getFileName(), n);
            }
            names.addAll(n);
        }
        return names;
    }
}
