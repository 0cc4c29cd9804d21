package org.mlos.bench.memcached;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time (user and system, all its threads), as Linux reports it in
 * /proc/&lt;pid&gt;/stat: what a server spent on a round, whatever else the machine ran meanwhile.
 * The two are kept apart because they tell different things: the system time of a ping-pong
 * request is the kernel's socket path, the same calls for both servers, and on a VM it moved by 2x
 * from one run to the next for both alike; the user time is the process's own code (for a JVM,
 * its collector and JIT too).
 */
final class ProcessCpu {

    /** Linux reports utime and stime in USER_HZ ticks, 100 a second on every architecture it exports. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** CPU nanoseconds in user and in system mode. */
    record Times(long userNanos, long systemNanos) {
        long total() {
            return userNanos + systemNanos;
        }

        Times minus(Times earlier) {
            return new Times(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
        }

        Times plus(Times other) {
            return new Times(userNanos + other.userNanos, systemNanos + other.systemNanos);
        }
    }

    static final Times NONE = new Times(0, 0);

    private ProcessCpu() {
    }

    static Times times(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime and stime, fields 14 and 15, counted after the command name (which may hold spaces and parentheses). */
    static Times parse(String stat) throws IOException {
        int close = stat.lastIndexOf(')');
        String[] f = close < 0 ? new String[0] : stat.substring(close + 1).trim().split("\\s+");
        if (f.length < 13) {
            throw new IOException("not a /proc/<pid>/stat line: " + stat);
        }
        // after ") ": state is field 3, so field n is f[n - 3]
        return new Times(Long.parseLong(f[11]) * NANOS_PER_TICK, Long.parseLong(f[12]) * NANOS_PER_TICK);
    }
}
