package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, from /proc (Linux); absent elsewhere. */
final class ResidentMemory {

    private ResidentMemory() {
    }

    /** {@code " rss_kb=<n>"}, or empty where /proc is not there. */
    static String field() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return " rss_kb=" + line.substring(6).trim().split("\\s+")[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the field out
        }
        return "";
    }
}
