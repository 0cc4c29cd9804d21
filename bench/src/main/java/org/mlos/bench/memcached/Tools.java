package org.mlos.bench.memcached;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds executables on the PATH (and in the sbin directories Debian puts daemons in). */
final class Tools {

    private Tools() {
    }

    static String find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin:/usr/local/bin";
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}
