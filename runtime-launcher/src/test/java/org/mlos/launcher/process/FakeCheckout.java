package org.mlos.launcher.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A built checkout as far as the command line looks at one, without a build: the launcher jar's
 * place, {@code cnf/jvm.options}, profile images whose jars carry only a manifest, and a "java"
 * that is a shell script standing in for a node: it prints a ready line and runs until stopped, or,
 * for a profile {@link #failing}, prints an error and exits 3 as a node whose bundle failed does
 * ({@link #hanging}: never ready; {@link #holding}: ready once {@link #release}d).
 * Every start is recorded (profile and pid) so that tests can see what ran and stop it.
 */
public final class FakeCheckout {

    /** The member bundle's symbolic name: a profile carrying it joins a cluster. */
    public static final String CLUSTER_BUNDLE = "org.mlos.cluster";

    private final Path root;
    private final Path java;

    public FakeCheckout(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(images().resolve("cnf"));
        Files.createDirectories(root.resolve("cnf"));
        Files.writeString(root.resolve("cnf/jvm.options"), "# none\n");
        Files.createFile(root.resolve("runtime-launcher/target/mlos-launcher.jar"));
        java = root.resolve("fake-java");
        Files.writeString(java, """
                #!/bin/sh
                # a node's stand-in: the profile follows the main class
                echo "$*" > "%1$s/args-$$"
                while [ $# -gt 0 ] && [ "$1" != org.mlos.launcher.Main ]; do shift; done
                shift
                echo "$1 $$" >> "%1$s/starts"
                if [ -e "%1$s/fail-$1" ]; then
                  echo "mlos: error: profile $1: bundle org.mlos.fake 1.0.0 failed to start: as the test asked"
                  exit 3
                fi
                if [ -e "%1$s/hang-$1" ]; then
                  while :; do sleep 1; done
                fi
                while [ -e "%1$s/hold-$1" ]; do sleep 0.1; done
                echo "mlos: ready profile=$1 bundles=1 boot_ms=5 serving_ms=5 rss_kb=1000 pid=$$"
                while :; do sleep 1; done
                """.formatted(root));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    }

    public Path root() {
        return root;
    }

    public Path java() {
        return java;
    }

    public Path images() {
        return root.resolve("runtime-launcher/target/export");
    }

    public NodeLayout layout() {
        return new NodeLayout(root, java.toString());
    }

    /** A built profile: one jar, the cluster member bundle if its nodes join a cluster, else the kernel. */
    public FakeCheckout profile(String name, boolean joins) throws IOException {
        return bundle(name, joins ? CLUSTER_BUNDLE : "org.mlos.core", joins ? "mlos-cluster.jar" : "mlos-core.jar");
    }

    /** The profile's nodes serve memcached (its server bundle among theirs): a local cluster gives each a port. */
    public FakeCheckout servingMemcached(String name) throws IOException {
        return bundle(name, "org.mlos.net.memcached", "mlos-net-memcached.jar");
    }

    private FakeCheckout bundle(String profile, String symbolicName, String file) throws IOException {
        Path dir = Files.createDirectories(images().resolve(profile));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
        try (OutputStream out = Files.newOutputStream(dir.resolve(file)); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return this;
    }

    /** Nodes of this profile fail to start from now on. */
    public FakeCheckout failing(String profile) throws IOException {
        Files.writeString(root.resolve("fail-" + profile), "");
        return this;
    }

    /** Nodes of this profile never say they are ready from now on (a boot that hangs). */
    public FakeCheckout hanging(String profile) throws IOException {
        Files.writeString(root.resolve("hang-" + profile), "");
        return this;
    }

    /** Nodes of this profile boot until {@link #release} (a boot that takes as long as the test wants). */
    public FakeCheckout holding(String profile) throws IOException {
        Files.writeString(root.resolve("hold-" + profile), "");
        return this;
    }

    /** Nodes of this profile held by {@link #holding} finish their boot. */
    public FakeCheckout release(String profile) throws IOException {
        Files.deleteIfExists(root.resolve("hold-" + profile));
        return this;
    }

    /** The words a node started with (JVM options, main class, launcher arguments), spaces between them. */
    public String commandLine(long pid) throws IOException {
        return Files.readString(root.resolve("args-" + pid)).strip();
    }

    /** The pids of the nodes started so far, of one profile. */
    public List<Long> started(String profile) throws IOException {
        List<Long> out = new ArrayList<>();
        Path starts = root.resolve("starts");
        if (Files.exists(starts)) {
            for (String line : Files.readAllLines(starts)) {
                String[] f = line.split(" ");
                if (f[0].equals(profile)) {
                    out.add(Long.parseLong(f[1]));
                }
            }
        }
        return out;
    }

    /** Kills every node this checkout started that still runs (a test's clean-up). */
    public void killAll() throws IOException {
        Path starts = root.resolve("starts");
        if (Files.exists(starts)) {
            for (String line : Files.readAllLines(starts)) {
                ProcessHandle.of(Long.parseLong(line.split(" ")[1])).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
