package org.mlos.bridge.files;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks, one per path's hash: bounded memory however many files are appended to.
 * Locks, not monitors: a virtual thread (the remote host's dispatch on Java 21+) waiting at a
 * monitor pins its carrier before Java 24.
 */
final class StripedLocks {

    private final ReentrantLock[] locks;

    StripedLocks(int stripes) {
        locks = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(Path p) {
        return locks[Math.floorMod(p.hashCode(), locks.length)];
    }
}
