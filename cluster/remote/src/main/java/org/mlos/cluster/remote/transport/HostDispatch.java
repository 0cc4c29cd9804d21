package org.mlos.cluster.remote.transport;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a host runs the frames it receives. A caller thread waits for each reply before it sends
 * its next call, so a connection never carries two calls of one caller thread at once: running
 * frames concurrently keeps every caller thread's order, and only the loop mode makes one slow
 * call (or a large state export) hold up every other caller on the connection.
 */
public enum HostDispatch {

    /** Each frame on a thread of its own: a virtual thread on Java 21+, else a pooled daemon thread. */
    THREADS,
    /** Each frame on the connection's event loop, in arrival order (the first slice's behaviour). */
    LOOP;

    /** Parses a setting's value ({@code threads} or {@code loop}), saying what is allowed. */
    public static HostDispatch parse(String text) {
        for (HostDispatch d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("remote host dispatch '" + text + "' is not one of threads, loop");
    }

    /**
     * The executor of the threads mode: virtual threads where the JDK has them (looked up once, so
     * this module still runs on Java 17), else a cached pool of daemon threads.
     */
    static ExecutorService threads() {
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException olderJdk) {
            System.getLogger(HostDispatch.class.getName()).log(Level.DEBUG, "no virtual threads: pooled host threads");
            AtomicInteger n = new AtomicInteger();
            return Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "mlos-remote-host-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }
}
