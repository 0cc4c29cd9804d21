package org.mlos.launcher.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a built checkout keeps what a node process needs: the JVM, its options
 * ({@code cnf/jvm.options}), the launcher jars and the profile images.
 *
 * @param root   the repository root
 * @param java   the java executable to start nodes with
 * @param images where the profile images are: the build's ({@code runtime-launcher/target/export})
 *               unless a test composed a profile of its own ({@link #withImages})
 */
public record NodeLayout(Path root, String java, Path images) {

    /** The build's profile images under {@code root}. */
    public NodeLayout(Path root, String java) {
        this(root, java, root.resolve("runtime-launcher/target/export"));
    }

    /** The same checkout and JVM, booting the profiles found in {@code images} instead. */
    public NodeLayout withImages(Path images) {
        return new NodeLayout(root, java, images.toAbsolutePath().normalize());
    }

    /** The layout of the checkout at {@code root}, starting nodes with the running JVM's java. */
    public static NodeLayout of(Path root) {
        return new NodeLayout(root.toAbsolutePath().normalize(),
                System.getProperty("mlos.java", ProcessHandle.current().info().command().orElse("java")));
    }

    /** From {@code mlos.root} (the mlos script sets it), else the working directory. */
    public static NodeLayout fromSystemProperties() {
        return of(Path.of(System.getProperty("mlos.root", ".")));
    }

    public Path launcherDir() {
        return root.resolve("runtime-launcher/target");
    }

    public String classPath() {
        Path l = launcherDir();
        return l.resolve("mlos-launcher.jar") + File.pathSeparator + l.resolve("lib/picocli.jar")
                + File.pathSeparator + l.resolve("lib/org.apache.felix.framework.jar");
    }

    /** The AOT cache the mlos script trained for a profile, if there is one. */
    public Path aotCache(String profile) {
        return launcherDir().resolve("aot").resolve(profile + ".aot");
    }

    /**
     * Whether the profile's AOT cache may be used: it exists and was trained after the launcher
     * jar was last built. A JDK 25 AOT cache trained on an older launcher jar still maps its old
     * classes (seen: a new command-line option refused as unknown), so a cache older than the jar
     * is left alone until {@code mlos} trains a new one.
     */
    public boolean aotCacheCurrent(String profile) throws IOException {
        Path cache = aotCache(profile);
        Path jar = launcherDir().resolve("mlos-launcher.jar");
        return Files.isRegularFile(cache) && Files.isRegularFile(jar)
                && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0;
    }

    /** The options every node JVM gets, one per non-comment line of cnf/jvm.options. */
    public List<String> jvmOptions() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("cnf/jvm.options"))) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    /** Fails early, with what to do, when the checkout has not been built. */
    public void requireBuilt() {
        if (!Files.isRegularFile(launcherDir().resolve("mlos-launcher.jar")) || !Files.isDirectory(images())) {
            throw new IllegalStateException("no built launcher under " + launcherDir()
                    + "; build first (./mlos build, or mvn package)");
        }
    }
}
