package org.mlos.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * Provisioning for the Pax Exam tests. Our bundles come by file URL from the build (reactor
 * bundles are not in the local repository during verify); a profile's bundles come from its
 * image, exactly as a node would run them.
 */
final class ItestOptions {

    private ItestOptions() {
    }

    static Path root() {
        return Path.of(System.getProperty("mlos.root", "..")).toAbsolutePath().normalize();
    }

    static Path images() {
        return root().resolve("runtime-launcher/target/export");
    }

    /** Every bundle of a built profile, and its framework properties, as a node would run them. */
    static Option profile(String name) {
        Path dir = images().resolve(name);
        try (Stream<Path> jars = Files.list(dir)) {
            java.util.List<Option> options = new java.util.ArrayList<>();
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> options.add(bundle(p.toUri().toString())));
            org.mlos.launcher.ProfileImages.frameworkProperties(images(), name)
                    .forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
            // A profile with the cluster bundle joins a cluster: one of its own, not a developer's.
            options.add(frameworkProperty("mlos.cluster.name").value("itest-" + java.util.UUID.randomUUID()));
            options.add(frameworkProperty("mlos.cluster.port").value("16901"));
            return composite(options.toArray(Option[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("profile " + name + " is not built (" + dir + ")", e);
        }
    }

    /** A bundle copied to target/bundles by the build (configadmin, gogo runtime). */
    static Option copied(String fileName) {
        Path jar = Path.of(System.getProperty("mlos.bundles", "target/bundles")).resolve(fileName);
        return bundle(jar.toUri().toString());
    }

    /** One of the fixture bundles this module builds (fixture-api, fixture-a, fixture-b, fixture-kept, fixture-late, fixture-gate, fixture-client). */
    static Option fixture(String classifier) {
        return bundle(fixtureJar(classifier).toUri().toString());
    }

    /** The jar of one fixture bundle. */
    static Path fixtureJar(String classifier) {
        return Path.of(System.getProperty("mlos.fixtures", "target"))
                .resolve("mlos-itests-" + System.getProperty("mlos.version") + "-" + classifier + ".jar");
    }

    /** What every test needs: JUnit in the container, quiet logs. */
    static Option common() {
        return composite(junitBundles(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                frameworkProperty("felix.log.level").value("1"));
    }
}
