package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node profile as the build left it: the profile's {@code .bndrun} (under
 * {@code <images>/cnf/profiles}) and the run bundles bnd resolved for it (under
 * {@code <images>/<name>}).
 *
 * @param name        the profile's name (its file name without {@code .bndrun})
 * @param description one line on what the profile is for ({@code mlos.description})
 * @param properties  framework properties ({@code -runproperties*}, {@code -runsystempackages})
 * @param bundles     the run bundles, sorted by file name
 */
record Profile(String name, String description, Map<String, String> properties, List<Path> bundles) {

    static final String DESCRIPTION = "mlos.description";

    /** No bundles at all: bare Felix, the baseline the boot benchmark compares against. */
    static Profile empty(String name) {
        return new Profile(name, "the framework alone", Map.of(), List.of());
    }

    /** Whether the profile runs the memcached server (its bundle among the run bundles, by its file name). */
    boolean servesMemcached() {
        for (Path b : bundles) {
            if (b.getFileName().toString().startsWith("mlos-net-memcached-")) {
                return true;
            }
        }
        return false;
    }

    static Path bndrunFile(Path images, String name) {
        return images.resolve("cnf").resolve("profiles").resolve(name + ".bndrun");
    }

    static Profile load(Path images, String name) throws IOException {
        Path bndrun = bndrunFile(images, name);
        if (!Files.isRegularFile(bndrun)) {
            throw new IllegalArgumentException("no profile named '" + name + "' (looked for " + bndrun
                    + "); known profiles: " + names(images));
        }
        Bndrun run = Bndrun.read(bndrun);
        Map<String, String> props = run.runProperties();
        String extra = run.runSystemPackages();
        if (!extra.isEmpty()) {
            props.merge("org.osgi.framework.system.packages.extra", extra, (a, b) -> a + "," + b);
        }
        Path dir = images.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("profile '" + name + "' has not been built (no " + dir
                    + "): run the build (./mlos builds on first use)");
        }
        List<Path> bundles = jars(dir);
        String description = run.header(DESCRIPTION);
        return new Profile(name, description == null ? "" : description, props, bundles);
    }

    /**
     * The jars in a folder, sorted. A plain loop rather than a stream: this runs on the boot path,
     * where the first lambda costs milliseconds.
     */
    static List<Path> jars(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : s) {
                jars.add(p);
            }
        }
        Collections.sort(jars);
        return jars;
    }

    static List<String> names(Path images) throws IOException {
        Path dir = images.resolve("cnf").resolve("profiles");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".bndrun"))
                    .map(f -> f.substring(0, f.length() - ".bndrun".length())).sorted().forEach(names::add);
        }
        return names;
    }

    long imageBytes() throws IOException {
        long total = 0;
        for (Path b : bundles) {
            total += Files.size(b);
        }
        return total;
    }
}
