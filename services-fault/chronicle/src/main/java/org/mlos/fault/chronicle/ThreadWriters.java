package org.mlos.fault.chronicle;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;

/**
 * The appenders of one queue, one per appending platform thread, as Chronicle intends (its
 * appenders belong to the thread that made them). Making one scans the queue under Chronicle's
 * write lock (it took up to 2 s beside eleven busy appenders), so it pays for a thread that keeps
 * appending, not for one that appends once: virtual threads, and threads beyond
 * {@value #MAX_THREAD_WRITERS}, share one appender under a lock instead. The appenders of threads
 * that ended are closed when the next one is made.
 */
final class ThreadWriters {

    /** Platform threads with an appender of their own at most. */
    static final int MAX_THREAD_WRITERS = 256;
    /** {@code Thread.isVirtual()} on Java 21 and later, null before (no virtual threads). */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final Supplier<ExcerptAppender> newAppender;
    /** Whether each record is written with its checksum ({@link RecordCheck}). */
    private final boolean checked;
    private final ThreadLocal<Writer> writers = new ThreadLocal<>();
    /** The writers of platform threads (guarded by itself). */
    private final List<Writer> made = new ArrayList<>();
    private volatile Writer shared;
    /**
     * The writer the last appending thread used: a thread appending again finds it here without a
     * thread-local look-up. Read and written without a lock on purpose: a writer's fields are
     * final, so a stale view only sends a thread to the thread-local.
     */
    private Writer last;

    ThreadWriters(Supplier<ExcerptAppender> newAppender, boolean checked) {
        this.newAppender = newAppender;
        this.checked = checked;
    }

    /** An appender and the buffer a record is copied into; a shared one is used under its lock. */
    static final class Writer {
        /** The thread that owns it, null for the shared one. */
        final Thread thread;
        final ExcerptAppender appender;
        private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(256);
        /** Null in a folder whose records carry no checksum. */
        private final CRC32C crc;

        Writer(Thread thread, ExcerptAppender appender, boolean checked) {
            this.thread = thread;
            this.appender = appender;
            this.crc = checked ? new CRC32C() : null;
            // One thread's alone by construction (or used under a lock): Chronicle's check that a
            // resource stays on one thread would only repeat that, on every call.
            appender.singleThreadedCheckDisabled(true);
            buffer.singleThreadedCheckDisabled(true);
        }

        /** Appends the record as one excerpt and returns Chronicle's index of it. */
        long append(byte[] record) {
            if (thread == null) {
                synchronized (this) {
                    return write(record);
                }
            }
            return write(record);
        }

        /**
         * Copied into a reused buffer (wrapping the array made a BytesStore per append, and
         * Chronicle counts each one it creates), passed as a BytesStore: the overload for Bytes
         * opens a document context (a scan for the last sequence number and a close), slower.
         */
        private long write(byte[] record) {
            buffer.clear();
            buffer.write(record);
            if (crc != null) {
                RecordCheck.writeAfter(record, crc, buffer);
            }
            appender.writeBytes((BytesStore<?, ?>) buffer);
            return appender.lastIndexAppended();
        }
    }

    /** The calling thread's writer. */
    Writer writer() {
        Writer w = last;
        Thread t = Thread.currentThread();
        if (w != null && w.thread == t) {
            return w;
        }
        w = writers.get();
        if (w == null) {
            if (isVirtual(t)) {
                return shared();
            }
            w = newWriter(t);
            if (w.thread == null) {
                return w;
            }
            writers.set(w);
        }
        last = w;
        return w;
    }

    /** The calling thread's own appender if it has appended, else null. */
    ExcerptAppender appenderIfAny() {
        Writer w = writers.get();
        return w == null ? null : w.appender;
    }

    private Writer newWriter(Thread t) {
        synchronized (made) {
            made.removeIf(w -> {
                if (w.thread.isAlive()) {
                    return false;
                }
                w.appender.close();
                return true;
            });
            if (made.size() >= MAX_THREAD_WRITERS) {
                return shared();
            }
            Writer w = new Writer(t, newAppender.get(), checked);
            made.add(w);
            return w;
        }
    }

    private Writer shared() {
        Writer s = shared;
        if (s == null) {
            synchronized (this) {
                s = shared;
                if (s == null) {
                    s = new Writer(null, newAppender.get(), checked);
                    shared = s;
                }
            }
        }
        return s;
    }

    /** Platform threads with an appender of their own now (for tests). */
    int threadWriters() {
        synchronized (made) {
            return made.size();
        }
    }

    /** Closes every appender (the queue closes). */
    void close() {
        synchronized (made) {
            for (Writer w : made) {
                w.appender.close();
            }
            made.clear();
        }
        Writer s = shared;
        if (s != null) {
            s.appender.close();
        }
    }

    private static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // Java 17 to 20: no virtual threads
        }
    }
}
