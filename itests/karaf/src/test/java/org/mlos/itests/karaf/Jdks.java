package org.mlos.itests.karaf;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The JDKs the Karaf tests run Karaf on. */
final class Jdks {

    private Jdks() {
    }

    /**
     * JDK 17: mlos.karaf.java.home, else Debian's openjdk-17. Without it the test is skipped on a
     * developer's machine and fails under CI (environment CI set), like the other tests that need a
     * tool installed (or with -Dmlos.require.tools=true).
     */
    static Path jdk17() {
        Path home = Path.of(System.getProperty("mlos.karaf.java.home", "/usr/lib/jvm/java-17-openjdk-amd64"));
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            missing("Karaf 4.4 needs a JDK 17, not found at " + home + ": install one (Debian: apt-get install "
                    + "openjdk-17-jre-headless; .ci/run does) or name it with -Dmlos.karaf.java.home=<folder>");
        }
        return home;
    }

    /** The JDK running the build (25: the build needs it), for Karaf on Java 24+. */
    static Path buildJdk() {
        if (Runtime.version().feature() < 24) {
            missing("the Java 24 features need Java 24+; this build runs on " + Runtime.version());
        }
        return Path.of(System.getProperty("java.home"));
    }

    private static void missing(String why) {
        if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
            fail(why);
        }
        Assumptions.abort(why);
    }
}
