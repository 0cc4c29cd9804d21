package org.mlos.net.memcached;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.mlos.core.api.CallerStop;

/**
 * A reply produced off a connection's event thread ({@link SessionControl#streamLater}), handed
 * to the session in parts: at most {@value #PARTS} wait, so a producer faster than its client
 * waits for it, and what a long reply holds at once is bounded (a key dump of a full store was
 * built whole, then failed to get a direct buffer of its size, and the connection closed with
 * nothing said). The producer runs on a thread of its own; the session takes parts on its event
 * thread ({@link #poll}) and waits for the next through {@link #next}.
 */
final class ReplyStream {

    static final int PARTS = 4;
    static final long STALL_MILLIS = 10_000;

    private final BlockingQueue<byte[]> parts = new ArrayBlockingQueue<>(PARTS);
    private final CompletableFuture<Void> done;
    /** Completed when a part arrives or the producer ends; the session makes a new one for each wait. */
    private volatile CompletableFuture<Void> arrived = new CompletableFuture<>();
    private volatile boolean abandoned;

    ReplyStream(String name, Consumer<Consumer<byte[]>> producer) {
        done = CompletableFuture.runAsync(() -> producer.accept(this::put), task -> {
            Thread t = new Thread(task, "memcached-" + name);
            t.setDaemon(true);
            t.start();
        });
        done.whenComplete((result, failure) -> arrived.complete(null));
    }

    /**
     * On the producer's thread: waits while {@value #PARTS} parts wait; stops the producer once the
     * connection closed, or its client took nothing for {@value #STALL_MILLIS} ms (a key dump's
     * walk holds the store: a live swap waits for it, the slab index keeps outgrown tables).
     */
    private void put(byte[] part) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
        try {
            while (abandoned || !parts.offer(part, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    throw new Stopped("the connection closed");
                }
                if (System.nanoTime() > deadline) {
                    throw new Stopped("the client took nothing for " + STALL_MILLIS + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted");
        }
        arrived.complete(null);
    }

    /** The next part, or null if none is ready. */
    byte[] poll() {
        return parts.poll();
    }

    /** Completes once a part is ready or the producer has ended (at once if so already). */
    CompletableFuture<Void> next() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        arrived = f;
        if (!parts.isEmpty() || done.isDone()) { // after publishing f: a part put since then completes it
            f.complete(null);
        }
        return f;
    }

    /** Whether the producer has ended and every part was taken. */
    boolean finished() {
        return done.isDone() && parts.isEmpty();
    }

    /** Why the producer failed, or null; once {@link #finished}. */
    Throwable failure() {
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }

    /** The connection closed: the producer stops at its next part. */
    void abandon() {
        abandoned = true;
        parts.clear();
    }

    /**
     * Ends the producer, from inside its walk of the store: the reader went away. Not the store's
     * failure ({@link CallerStop}): the store's handle does not count it as a failed call.
     */
    static final class Stopped extends CancellationException implements CallerStop {
        Stopped(String why) {
            super(why);
        }
    }
}
