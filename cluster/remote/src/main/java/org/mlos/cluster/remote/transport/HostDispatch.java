package org.mlos.cluster.remote.transport;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a host runs the calls it receives. A caller thread waits for each reply before it sends
 * its next call, so a connection never carries two calls of one caller thread at once: running
 * calls concurrently keeps every caller thread's order. State moves and opening or closing an
 * instance always run off the event loop (they take milliseconds to seconds, and only the
 * swapping thread waits for them); this setting is about the kind's own calls.
 */
public enum HostDispatch {

    /**
     * Calls on the connection's event loop, in arrival order: no thread hand-off, so a call costs
     * what a bare echo of its bytes costs (the default; right for kinds whose methods do not block,
     * such as stores). A call that blocks holds up every other call on the connection meanwhile.
     */
    LOOP,
    /**
     * Calls each on a thread of its own (a virtual thread on Java 21+, else a pooled daemon
     * thread): a slow or blocking call holds up no other caller, for a thread hand-off per call.
     */
    THREADS;

    /** Parses a setting's value ({@code threads} or {@code loop}), saying what is allowed. */
    public static HostDispatch parse(String text) {
        for (HostDispatch d : values()) {
            if (d.name().equalsIgnoreCase(text.trim())) { // loop or threads
                return d;
            }
        }
        throw new IllegalArgumentException("remote host dispatch '" + text + "' is not one of loop, threads");
    }

    /**
     * The executor of frames run off the loop: virtual threads where the JDK has them (looked up once, so
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
