package org.mlos.bench.memcached;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time (user and system, all its threads), as Linux reports it in
 * /proc/&lt;pid&gt;/stat: what a server spent on a round, whatever else the machine ran meanwhile.
 */
final class ProcessCpu {

    /** Linux reports utime and stime in USER_HZ ticks, 100 a second on every architecture it exports. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    static long nanos(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime + stime, fields 14 and 15, counted after the command name (which may hold spaces and parentheses). */
    static long parse(String stat) throws IOException {
        int close = stat.lastIndexOf(')');
        String[] f = close < 0 ? new String[0] : stat.substring(close + 1).trim().split("\\s+");
        if (f.length < 13) {
            throw new IOException("not a /proc/<pid>/stat line: " + stat);
        }
        // after ") ": state is field 3, so field n is f[n - 3]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }
}
