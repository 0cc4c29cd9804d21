package org.mlos.mem.store.log;

import java.util.concurrent.atomic.AtomicBoolean;

/** Where an item's value sits in the log, and its metadata. */
final class LogItem {

    final String key;
    final LogSegment segment;
    final int offset;
    final int length;
    final int flags;
    final long cas;
    final long storedAt;
    volatile long expiresAt;
    private final AtomicBoolean freed = new AtomicBoolean();

    LogItem(String key, LogSegment segment, int offset, int length, int flags, long expiresAt, long cas, long storedAt) {
        this.key = key;
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.flags = flags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.storedAt = storedAt;
    }

    boolean markFreed() {
        return freed.compareAndSet(false, true);
    }

    boolean isFreed() {
        return freed.get();
    }

    long bytes() {
        return (long) key.length() + length + org.mlos.mem.api.StoreEntry.OVERHEAD;
    }
}
