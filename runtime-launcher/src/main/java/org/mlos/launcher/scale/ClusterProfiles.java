package org.mlos.launcher.scale;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The built profiles whose nodes can be part of a local cluster: those that carry the cluster
 * member bundle ({@value #MEMBER_BUNDLE}). {@code minimal} and {@code cache-standalone} do not: a
 * node of theirs serves on, alone, and a cluster that counted it would list a node its registry
 * never shows. {@code mlos cluster up}, {@code mlos scale} and the autoscaler's requests refuse
 * such a profile, and an unknown one, before any node starts.
 */
public final class ClusterProfiles {

    /** The bundle that makes a node a cluster member. */
    static final String MEMBER_BUNDLE = "org.mlos.cluster";

    /** The bundle whose memcached server takes its port from {@code mlos.port}. */
    static final String MEMCACHED_BUNDLE = "org.mlos.net.memcached";

    private ClusterProfiles() {
    }

    /** The built profiles, sorted: the folders of the images but the shared ones ({@code cnf}, {@code _shell}...). */
    public static List<String> built(Path images) throws IOException {
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(images)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("_") && !n.equals("cnf")).sorted().toList();
        }
    }

    /** Whether nodes of the profile join a cluster: one of its run bundles is {@value #MEMBER_BUNDLE}. */
    public static boolean joins(Path images, String profile) throws IOException {
        return carries(images, profile, MEMBER_BUNDLE);
    }

    /**
     * Whether nodes of the profile serve memcached ({@value #MEMCACHED_BUNDLE}), so that a node of
     * a local cluster needs a port of its own ({@code mlos.port=0}); the others read no port, and
     * a port given them was a key they would tell of at boot as read by other profiles only.
     */
    public static boolean servesMemcached(Path images, String profile) throws IOException {
        return carries(images, profile, MEMCACHED_BUNDLE);
    }

    /** What gives a node a port of its own, any free one (kept across its restarts: {@code KeptPorts}). */
    public static final List<String> OWN_PORT = List.of("--set", "mlos.port=0");

    /** {@link #OWN_PORT} for a profile that {@linkplain #servesMemcached serves memcached}, nothing for another. */
    public static List<String> ownPort(Path images, String profile) throws IOException {
        return servesMemcached(images, profile) ? OWN_PORT : List.of();
    }

    /**
     * {@code counts} in the order their nodes start: a profile whose kind runs on another's node
     * ({@code mlos.kind.KeyValueStore=heap@store}) after that one, the rest as given.
     * {@code --nodes front=1,store=1} started front first, and front gave up after 30 s waiting for
     * a store node that was to start after it.
     */
    public static java.util.Map<String, Integer> hostsFirst(Path images, java.util.Map<String, Integer> counts) throws IOException {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String p : counts.keySet()) {
            hostsThen(images, p, counts, out, new java.util.HashSet<>());
        }
        return out;
    }

    private static void hostsThen(Path images, String profile, java.util.Map<String, Integer> counts,
            java.util.Map<String, Integer> out, java.util.Set<String> visiting) throws IOException {
        if (out.containsKey(profile) || !visiting.add(profile)) {
            return; // placed already, or a cycle: as given
        }
        java.util.Map<String, String> properties;
        try {
            properties = org.mlos.launcher.ProfileImages.frameworkProperties(images, profile);
        } catch (IllegalArgumentException notBuilt) {
            properties = java.util.Map.of(); // its own check tells it
        }
        for (String value : properties.entrySet().stream()
                .filter(e -> e.getKey().startsWith("mlos.kind.")).map(java.util.Map.Entry::getValue).toList()) {
            int at = value.lastIndexOf('@');
            String host = at < 0 ? null : value.substring(at + 1).strip();
            if (host != null && counts.containsKey(host) && !host.equals(profile)) {
                hostsThen(images, host, counts, out, visiting);
            }
        }
        out.put(profile, counts.get(profile));
    }

    private static boolean carries(Path images, String profile, String bundle) throws IOException {
        Path dir = images.resolve(profile);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (bundle.equals(symbolicName(jar))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Fails, saying which profiles can, unless every one of {@code profiles} is built and joins a
     * cluster.
     *
     * @param given where the profiles came from, for the message: {@code --nodes}, say
     * @throws IllegalArgumentException naming the first profile that cannot be part of a cluster
     */
    public static void requireJoining(Path images, Collection<String> profiles, String given) throws IOException {
        List<String> built = built(images);
        for (String profile : profiles) {
            if (!built.contains(profile)) {
                throw new IllegalArgumentException("unknown profile '" + profile + "'" + (given == null ? "" : " in " + given)
                        + (built.isEmpty() ? "; no profile is built in " + images + " (./mlos build builds them)"
                                : "; profiles: " + String.join(", ", built)));
            }
            if (!joins(images, profile)) {
                throw new IllegalArgumentException("profile '" + profile + "'" + (given == null ? "" : " in " + given)
                        + " never joins a cluster (it carries no cluster member): its nodes would serve alone,"
                        + " outside the cluster's registry. Profiles that join: " + String.join(", ", joining(images, built))
                        + "; run a " + profile + " node on its own with: mlos run " + profile);
            }
        }
    }

    private static List<String> joining(Path images, List<String> built) throws IOException {
        List<String> out = new ArrayList<>();
        for (String p : built) {
            if (joins(images, p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String name = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            return name == null ? null : name.split(";", 2)[0].trim();
        }
    }
}
