package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What {@code -V}/{@code --version} prints, on {@code mlos run} and every other command: the
 * project's version, as the launcher jar's manifest carries it ({@code Bundle-Version}
 * 0.1.0.SNAPSHOT is version 0.1.0-SNAPSHOT), and the Java it runs on.
 */
public final class ProjectVersion {

    private ProjectVersion() {
    }

    /** The lines to print. */
    public static String[] lines() {
        return new String[] { "mlos " + version(launcherJar()), "Java " + Runtime.version() + " ("
                + System.getProperty("java.vendor", "unknown vendor") + ")" };
    }

    /** The project version in the jar's manifest; "(version unknown: …)" when not run from a jar (a build's classes). */
    public static String version(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return "(version unknown: not run from the launcher jar)";
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String v = m == null ? null : m.getMainAttributes().getValue("Bundle-Version");
            if (v == null) {
                return "(version unknown: " + jar.getFileName() + " has no Bundle-Version)";
            }
            // OSGi spells a Maven qualifier with a dot
            return v.endsWith(".SNAPSHOT") ? v.substring(0, v.length() - ".SNAPSHOT".length()) + "-SNAPSHOT" : v;
        } catch (IOException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }

    private static Path launcherJar() {
        try {
            return Path.of(ProjectVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }
}
