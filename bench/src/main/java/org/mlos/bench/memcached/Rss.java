package org.mlos.bench.memcached;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set, as Linux reports it in /proc/&lt;pid&gt;/status. */
final class Rss {

    private Rss() {
    }

    /** VmRSS of the process, in kB. */
    static long kilobytes(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long parse(String status) throws IOException {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] words = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (words.length == 2 && words[1].equals("kB")) {
                    return Long.parseLong(words[0]);
                }
                throw new IOException("VmRSS line not in kB: " + line);
            }
        }
        throw new IOException("no VmRSS line in /proc/<pid>/status (a kernel thread, or not Linux?)");
    }
}
