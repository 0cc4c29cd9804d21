package org.mlos.itests.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A node profile's JVM flags ({@code -runvm} of its .bndrun), which a Karaf user copies into bin/setenv. */
final class ProfileVm {

    private ProfileVm() {
    }

    static List<String> flags(Path bndrun) throws IOException {
        List<String> flags = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(bndrun)) {
            String t = line.strip();
            if (t.startsWith("-runvm:")) {
                in = true;
                continue;
            }
            if (in) {
                String flag = t.replaceAll(",?\\\\$", "").strip();
                if (!flag.isEmpty()) {
                    flags.add(flag);
                }
                if (!t.endsWith("\\")) {
                    break;
                }
            }
        }
        if (flags.isEmpty()) {
            throw new IOException("no -runvm in " + bndrun);
        }
        return flags;
    }
}
