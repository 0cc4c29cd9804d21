package org.mlos.itests.karaf;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A memcached client on a thread of its own that sets {@code live<i>} = {@code live-<i>} until
 * stopped, counting the sets the server acknowledged (STORED): what a swap in between must keep.
 */
final class MemcachedWriter {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicReference<Throwable> failed = new AtomicReference<>();
    private final Thread thread;

    private MemcachedWriter(int port) {
        thread = new Thread(() -> {
            try (MemcachedText mc = MemcachedText.connect(port, 1)) {
                while (!stop.get()) {
                    int i = acked.get();
                    String reply = mc.set("live" + i, "live-" + i);
                    if (!"STORED".equals(reply)) {
                        throw new AssertionError("set live" + i + " answered " + reply);
                    }
                    acked.incrementAndGet();
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "memcached-writer");
    }

    /** Starts writing and returns once {@code before} sets are acknowledged. */
    static MemcachedWriter start(int port, int before) throws InterruptedException {
        MemcachedWriter w = new MemcachedWriter(port);
        w.thread.start();
        while (w.acked.get() < before && w.thread.isAlive()) {
            Thread.sleep(10);
        }
        if (w.failed.get() != null) {
            throw new AssertionError("the memcached writer failed before " + before + " sets", w.failed.get());
        }
        return w;
    }

    /** Stops it: how many sets were acknowledged, all of them; a failed set fails the test. */
    int stop() throws InterruptedException {
        stop.set(true);
        thread.join();
        if (failed.get() != null) {
            throw new AssertionError("the memcached writer failed after " + acked.get() + " acknowledged sets", failed.get());
        }
        return acked.get();
    }

    /** Reads back {@code live0 .. live<acked-1>}: every acknowledged set must be there. */
    static void checkAll(int port, int acked) throws Exception {
        try (MemcachedText mc = MemcachedText.connect(port, 1)) {
            for (int i = 0; i < acked; i++) {
                if (!("live-" + i).equals(mc.get("live" + i))) {
                    throw new AssertionError("live" + i + ", acknowledged around the swap, reads " + mc.get("live" + i));
                }
            }
        }
    }
}
