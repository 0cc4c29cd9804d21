package org.mlos.bench.memcached;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.OS;

/** The memcached these tests compare with: the one on the PATH, else the calling test is skipped. */
final class InstalledMemcached {

    private InstalledMemcached() {
    }

    /** memcached's executable; skips the calling test where none is installed or the OS is not Linux. */
    static String executable() {
        String exe = Tools.find("memcached");
        Assumptions.assumeTrue(exe != null && OS.LINUX.isCurrentOs(), "memcached not installed (apt-get install memcached)");
        return exe;
    }
}
