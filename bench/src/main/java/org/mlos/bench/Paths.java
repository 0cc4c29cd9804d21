package org.mlos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the repository, the launcher and the JVM options are (the mlos script passes mlos.root). */
public final class Paths {

    private Paths() {
    }

    public static Path root() {
        return Path.of(System.getProperty("mlos.root", ".")).toAbsolutePath().normalize();
    }

    public static String java() {
        return System.getProperty("mlos.java", ProcessHandle.current().info().command().orElse("java"));
    }

    public static Path launcherDir() {
        return root().resolve("runtime-launcher/target");
    }

    public static String launcherClassPath() {
        Path l = launcherDir();
        return l.resolve("mlos-launcher.jar") + java.io.File.pathSeparator + l.resolve("lib/org.apache.felix.framework.jar");
    }

    /** The node JVM options of cnf/jvm.options. */
    public static List<String> jvmOptions() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(root().resolve("cnf/jvm.options"))) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }
}
