package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/**
 * {@code mlos run cache-standalone --set mlos.memcached.hots=0.0.0.0} booted and ignored the key
 * unsaid. The node now warns of a {@code --set mlos.*} key no code of its bundles names, with the
 * nearest known keys, and of one only another profile's bundles read; it still boots.
 */
class AMisspeltSetPropertyWasTakenSilentlyTest {

    /** Stands for the memcached bundle: reads its host by a constant, as {@code MemcachedProperties.HOST}. */
    static final class MemcachedBundle {
        static final String HOST = "mlos.memcached.host";

        static String host(BundleContext context) {
            return context.getProperty(HOST);
        }
    }

    /** Stands for core: a kind's preferred implementation, read by a key built at run time. */
    static final class CoreBundle {
        static String preferred(BundleContext context, String kind) {
            return context.getProperty("mlos.kind." + kind);
        }
    }

    /** Stands for the cluster member, in profile cache only; it reads its key only when it joins. */
    static final class ClusterBundle {
        static String name(BundleContext context) {
            return context.getProperty("mlos.cluster.name");
        }
    }

    @TempDir
    Path images;

    @Test
    void aMisspeltKeyIsToldWithTheKeyItWasMeantForAndThatItWasIgnored() throws IOException {
        List<String> w = check("mlos.memcached.hots");

        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("--set mlos.memcached.hots ignored"), w.get(0));
        assertTrue(w.get(0).contains("did you mean mlos.memcached.host?"), w.get(0));
    }

    @Test
    void aKeyUnderAPrefixBuiltByConcatenationIsKnown() throws IOException {
        assertEquals(List.of(), check("mlos.kind.KeyValueStore"));
    }

    @Test
    void aKeyReadOnlyByAnotherProfilesBundleIsToldAsSuch() throws IOException {
        List<String> w = check("mlos.cluster.name");

        assertEquals(List.of("--set mlos.cluster.name ignored: no bundle of profile cache-standalone reads it"
                + " (read by profile cache)"), w);
    }

    /**
     * {@code cluster up} gives every node the user's {@code --set}s (and gave each its own
     * {@code mlos.port=0}): a worker, full or web node warned of them in every cluster. A key another
     * profile reads is said at INFO; only a key no profile reads is a WARNING.
     */
    @Test
    void aKeyAnotherProfileReadsIsNoWarningOnlyATypoIs() throws IOException {
        check("mlos.cluster.name"); // lays out the images
        List<Path> jars = List.of(images.resolve("cache-standalone/mlos-net-memcached-1.jar"),
                images.resolve("cache-standalone/mlos-core-1.jar"));
        List<UnreadProperties.Told> told = new UnreadProperties(images).told(List.of("mlos.cluster.name",
                "mlos.memcached.hots"), "cache-standalone", jars);

        assertEquals(List.of(System.Logger.Level.INFO, System.Logger.Level.WARNING),
                told.stream().map(UnreadProperties.Told::level).toList(), told.toString());
    }

    @Test
    void knownKeysTheLaunchersOwnAndTheFrameworksAreNotJudged() throws IOException {
        assertEquals(List.of(), check("mlos.memcached.host", PidFile.PROPERTY, "felix.cache.locking",
                "org.osgi.framework.bootdelegation"));
        // and a node given none of ours starts no thread to look
        assertSame(UnreadProperties.Pending.NONE, UnreadProperties.check(images, List.of("felix.x"), "p", List.of()));
    }

    @Test
    void onlyKeysGivenWithSetAreChecked() {
        NodeOptions options = NodeOptions.parse(new String[] {"cache-standalone", "--images", "x", "-p", "0",
                "--set", "mlos.memcached.hots=1"});

        assertEquals(List.of("mlos.memcached.hots"), options.setKeys());
    }

    /**
     * The launcher's own reads of a node's framework properties are all in its catalog, but for
     * keys a bundle reads too (the launcher checks {@code mlos.mem.store.capacity.mb} before the
     * store does): those the bundle's class files name.
     */
    @Test
    void everyKeyTheLauncherReadsFromFrameworkPropertiesIsInItsCatalog() throws Exception {
        Pattern read = Pattern.compile("(?<!System\\.)(?:getProperty|properties\\.get|properties\\.getOrDefault)"
                + "\\(\\s*(\"mlos\\.[^\"]*\"|[A-Z][A-Za-z]*\\.[A-Z_]+)");
        String bundles = bundleSources();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/org/mlos/launcher"), 1)) {
            for (Path f : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = read.matcher(Files.readString(f));
                while (m.find()) {
                    String key = value(m.group(1));
                    boolean bundlesRead = key != null && (key.startsWith(KIND_PREFIX) || bundles.contains("\"" + key + "\""));
                    if (key != null && key.startsWith("mlos.") && !bundlesRead
                            && !UnreadProperties.LAUNCHER_READS.contains(key)) {
                        missing.add(f.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** The main sources of every module but the launcher, where the bundles' keys are. */
    private static String bundleSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")
                    && p.toString().contains("/src/main/java/") && !p.toString().contains("runtime-launcher"))::iterator) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    /** Core reads mlos.kind.* too: its bundle names the prefix, so the launcher need not. */
    private static final String KIND_PREFIX = org.mlos.core.api.Kernel.DEFAULT_IMPL_PREFIX;

    private static String value(String expression) throws ReflectiveOperationException {
        if (expression.startsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        String[] parts = expression.split("\\.");
        Class<?> owner;
        try {
            owner = Class.forName("org.mlos.launcher." + parts[0]);
        } catch (ClassNotFoundException e) {
            return null; // a class of another module: its bundle's classes name the key
        }
        Field f = owner.getDeclaredField(parts[1]);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    /**
     * An outsider's trial: {@code cluster up … --set mlos.memcached.hots=x} printed the ready lines
     * alone; each node told the typo in its own log. {@code cluster up} says, once, the keys no
     * profile reads, and not those another profile does.
     */
    @Test
    void clusterUpTellsTheKeysNoProfileReadsNotThoseAnotherDoes() throws IOException {
        check("mlos.cluster.name"); // lays out the images
        List<String> w = UnreadProperties.readByNoProfile(images, List.of("mlos.cluster.name", "mlos.memcached.hots",
                "felix.cache.locking"), "cache-standalone");
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("--set mlos.memcached.hots ignored: no bundle of any profile built here reads it"), w.get(0));
    }

    private List<String> check(String... keys) throws IOException {
        Path standalone = Files.createDirectories(images.resolve("cache-standalone"));
        List<Path> jars = List.of(jar(standalone.resolve("mlos-net-memcached-1.jar"), MemcachedBundle.class),
                jar(standalone.resolve("mlos-core-1.jar"), CoreBundle.class));
        Path cache = Files.createDirectories(images.resolve("cache"));
        jar(cache.resolve("mlos-cluster-member-1.jar"), ClusterBundle.class);
        Files.copy(jars.get(0), cache.resolve("mlos-net-memcached-1.jar"));
        Files.createDirectories(images.resolve("cnf"));
        return new UnreadProperties(images).warnings(List.of(keys), "cache-standalone", jars);
    }

    private static Path jar(Path jar, Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
        }
        return jar;
    }
}
