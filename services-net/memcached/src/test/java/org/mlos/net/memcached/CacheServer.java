package org.mlos.net.memcached;

import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.api.Listener;
import org.mlos.net.memcached.admin.ExpiryCrawler;
import org.mlos.net.memcached.server.StandardDialects;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * A memcached server as the cache profile composes it, in plain Java: the three stores installed
 * in a swap kernel, the protocol on the store's handle, Vert.x on 127.0.0.1 and a free port.
 */
final class CacheServer implements AutoCloseable {

    static final long CAPACITY = 64L << 20;

    final SwapKernel kernel = new SwapKernel();
    final KeyValueStore store = kernel.handle(KeyValueStore.class);
    final MemcachedProtocol protocol;
    final StandardDialects dialects;
    /** memcached's default listen backlog (-b 1024), so that stats settings compare value for value. */
    private final VertxNetworkServer network = new VertxNetworkServer(2, 1024);
    private volatile Listener listener;
    private ExpiryCrawler crawler;

    CacheServer(int itemMax) throws java.io.IOException {
        this(itemMax, new StandardDialects());
    }

    CacheServer(int itemMax, StandardDialects dialects) throws java.io.IOException {
        this(itemMax, dialects, name -> switch (name) {
            case "heap" -> new HeapStore(CAPACITY);
            case "slab" -> new SlabStore(CAPACITY);
            default -> new LogStore(CAPACITY);
        });
    }

    /** With the stores {@code stores} makes of each name: heap (serving first), slab, log. */
    CacheServer(int itemMax, StandardDialects dialects, java.util.function.Function<String, KeyValueStore> stores)
            throws java.io.IOException {
        this.dialects = dialects;
        kernel.install(KeyValueStore.class, "heap", stores.apply("heap"), 0);
        kernel.install(KeyValueStore.class, "slab", stores.apply("slab"), 0);
        kernel.install(KeyValueStore.class, "log", stores.apply("log"), 0);
        protocol = new MemcachedProtocol(store, dialects, new Limits(itemMax), "127.0.0.1", 0, 1024, 2);
        listener = network.listen("127.0.0.1", 0, protocol);
        port = listener.port();
        protocol.listeningOn(port);
        protocol.backlog(listener.backlog());
    }

    CacheServer() throws java.io.IOException {
        this(Limits.DEFAULT_ITEM_MAX);
    }

    private final int port;

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * Runs the expiry crawler, as a node does ({@code MemcachedServer}), and returns once its first
     * pass has ended (the next waits at least two seconds); closed with the server. Without it
     * {@code stats settings} says {@code lru_crawler no}, as a memcached without its crawler.
     */
    synchronized ExpiryCrawler withCrawler() throws InterruptedException {
        return withCrawler(true);
    }

    /**
     * A crawler whose passes are the first and those {@code lru_crawler crawl} asks for, none in
     * the background: for tests that compare its counters, or hold a requested pass, at a moment
     * a background pass (every 2 s) could otherwise fall in on a slow machine.
     */
    synchronized ExpiryCrawler withRequestedCrawlsOnly() throws InterruptedException {
        return withCrawler(false);
    }

    private synchronized ExpiryCrawler withCrawler(boolean periodic) throws InterruptedException {
        if (crawler == null) {
            crawler = new ExpiryCrawler(store, protocol.stats(), periodic);
            dialects.crawler(crawler);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (crawler.passes() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        return crawler;
    }

    /** What a node does on an enabled {@code shutdown}: stops listening. */
    synchronized void stopListening() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    boolean listening() {
        return listener != null;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (crawler != null) {
                crawler.close();
            }
        }
        stopListening();
        network.stop();
    }
}
