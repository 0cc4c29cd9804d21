package org.mlos.net.memcached.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.function.LongSupplier;

import org.mlos.core.settings.NodeProperties;
import org.mlos.core.settings.Settings;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.net.api.Listener;
import org.mlos.net.api.NetProperties;
import org.mlos.net.api.NetworkServer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.MemcachedProtocol;
import org.mlos.net.memcached.ServerStats;
import org.mlos.net.memcached.Tunables;
import org.mlos.net.memcached.admin.ExpiryCrawler;
import org.mlos.net.memcached.auth.AuthFile;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A memcached server: listens through the {@link NetworkServer} kind and stores through the
 * {@link KeyValueStore} kind, both by their handles, so either can be swapped while clients talk.
 *
 * <p>Settings, each from this component's configuration (PID {@value #PID}) if set, else a
 * framework property, else a default: {@code port} ({@code mlos.port}, 11211; 0 takes any free
 * port), {@code host} ({@code mlos.memcached.host}, 127.0.0.1), {@code item.max}
 * ({@code mlos.memcached.item.max}, 1 MB), {@code max.connections}
 * ({@code mlos.memcached.max.connections}, 1024), {@code shutdown}
 * ({@code mlos.memcached.shutdown}, false: whether the {@code shutdown} command stops this server,
 * as memcached's {@code -A} allows it), {@code auth.file} ({@code mlos.memcached.auth.file}: memcached's
 * {@code -Y}, clients authenticate first). Framework properties only: the level {@code verbosity}
 * starts at ({@code mlos.memcached.verbosity}, 0; memcached's {@code -v} count), and the network
 * server's event loops ({@code mlos.net.event.loops}, one per processor; memcached's {@code -t}),
 * which {@code stats} reports as its threads.
 *
 * <p>The listener is published as a {@link Listener} service with the property
 * {@value #ENDPOINT}, e.g. {@code memcached://127.0.0.1:11211}, which the launcher adds to the
 * node's ready line.
 */
@Component(immediate = true, configurationPid = MemcachedServer.PID)
@Designate(ocd = MemcachedServer.Config.class)
public final class MemcachedServer {

    public static final String PID = "org.mlos.net.memcached";
    public static final String ENDPOINT = NodeProperties.ENDPOINT;

    @ObjectClassDefinition(name = "MultiLibOS memcached server")
    @interface Config {
        @AttributeDefinition(description = "Address to bind; empty takes mlos.memcached.host, else 127.0.0.1.")
        String host() default "";

        @AttributeDefinition(description = "Port; -1 takes mlos.port, else 11211; 0 any free port.")
        int port() default -1;

        @AttributeDefinition(name = "item.max", description = "Largest value in bytes; -1 takes mlos.memcached.item.max, else 1 MB.")
        int item_max() default -1;

        @AttributeDefinition(name = "max.connections", description = "Connections at most; -1 takes "
                + "mlos.memcached.max.connections, else 1024 (memcached's -c).")
        int max_connections() default -1;

        @AttributeDefinition(name = "shutdown", description = "Whether the shutdown command stops this server (memcached's -A); "
                + "false takes mlos.memcached.shutdown, else off.")
        boolean shutdown() default false;

        @AttributeDefinition(name = "auth.file", description = "memcached's -Y: a file of user:password lines; "
                + "clients must authenticate (text: set with data 'user password'). Empty takes "
                + "mlos.memcached.auth.file, else none.")
        String auth_file() default "";
    }

    @Reference
    private KeyValueStore store;

    @Reference
    private NetworkServer network;

    private Listener listener;
    private ExpiryCrawler crawler;
    private ServiceRegistration<Listener> registration;
    private ServiceRegistration<LongSupplier> backlog;
    private ServiceRegistration<LongSupplier> operations;

    /**
     * Service property of a {@link LongSupplier} that reads a queue's depth now: the node publishes
     * it in its load under this name (the cluster's load board reads every one; issue 16).
     */
    public static final String LOAD_QUEUE = "mlos.load.queue";
    /** Service property of a {@code LongSupplier} of the operations the server's clients asked for, which a cluster member publishes as its load. */
    public static final String LOAD_OPS = "mlos.load.ops";

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        Settings settings = Settings.of(context)
                .configured(MemcachedProperties.HOST, config.host())
                .configured(MemcachedProperties.PORT, config.port() >= 0 ? config.port() : null)
                .configured(MemcachedProperties.ITEM_MAX, config.item_max() > 0 ? config.item_max() : null)
                // Also a framework property, so nodes without Configuration Admin (the cache profile) can set it.
                .configured(MemcachedProperties.MAX_CONNECTIONS, config.max_connections() > 0 ? config.max_connections() : null)
                .configured(MemcachedProperties.AUTH_FILE, config.auth_file())
                .configured(MemcachedProperties.SHUTDOWN, config.shutdown() ? Boolean.TRUE : null);
        String host = settings.text(MemcachedProperties.HOST, MemcachedProperties.DEFAULT_HOST);
        int port = settings.integer(MemcachedProperties.PORT, MemcachedProperties.DEFAULT_PORT, 0, 65535);
        int itemMax = settings.integer(MemcachedProperties.ITEM_MAX, Limits.DEFAULT_ITEM_MAX, 1, Integer.MAX_VALUE);
        int maxConnections = settings.integer(MemcachedProperties.MAX_CONNECTIONS,
                MemcachedProperties.DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE);
        String authFile = settings.text(MemcachedProperties.AUTH_FILE, "");
        StandardDialects dialects = new StandardDialects(authFile.isEmpty() ? null : AuthFile.read(Path.of(authFile)));
        ServerStats.Layout statsLayout = ServerStats.Layout.of(settings.text(MemcachedProperties.STATS_COUNTERS, "percore"));
        int verbosity = settings.integer(MemcachedProperties.VERBOSITY, 0, 0, Tunables.MAX_VERBOSITY);
        int threads = settings.integer(NetProperties.EVENT_LOOPS, Runtime.getRuntime().availableProcessors(), 1,
                NetProperties.MAX_EVENT_LOOPS);
        MemcachedProtocol protocol = new MemcachedProtocol(store, dialects, new Limits(itemMax), host, port,
                maxConnections, threads, statsLayout).verbosity(verbosity);
        // key dumps list what the store lists, through its handle, so they follow a swap
        dialects.itemSource(each -> store.forEachItem(each));
        if (settings.flag(MemcachedProperties.SHUTDOWN, false)) {
            boolean node = settings.choice(MemcachedProperties.SHUTDOWN_STOPS, "server", "server", "node").equals("node");
            dialects.enableShutdown(node ? () -> stopNode(context) : this::stopListening);
        }
        listener = network.listen(host, port, protocol);
        protocol.listeningOn(listener.port());
        protocol.servedBy(listener.threads());
        protocol.backlog(listener.backlog());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ENDPOINT, "memcached://" + host + ":" + listener.port());
        registration = context.registerService(Listener.class, listener, props);
        Hashtable<String, Object> queue = new Hashtable<>();
        queue.put(LOAD_QUEUE, "memcached");
        ServerStats stats = protocol.stats();
        backlog = context.registerService(LongSupplier.class, stats::waitingConnections, queue);
        Hashtable<String, Object> ops = new Hashtable<>();
        ops.put(LOAD_OPS, "memcached");
        operations = context.registerService(LongSupplier.class, stats::clientOperations, ops);
        crawler = new ExpiryCrawler(store, stats); // last: a start failing before leaves no thread behind
        dialects.crawler(crawler);
    }

    /**
     * {@code shutdown} on a node started for its cache: the whole framework stops, and the node
     * exits 0, as memcached does. From a thread of its own: stopping deactivates this component,
     * and the event loop that asked must go on to close the connection.
     */
    private static void stopNode(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                System.getLogger(MemcachedServer.class.getName()).log(System.Logger.Level.ERROR,
                        "shutdown: the node could not be stopped", e);
            }
        }, "mlos-memcached-shutdown");
        t.start();
    }

    /** {@code shutdown} where the bundles are embedded: this server stops serving; the rest runs on. */
    private synchronized void stopListening() {
        if (backlog != null) {
            backlog.unregister();
            backlog = null;
        }
        if (operations != null) {
            operations.unregister();
            operations = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    @Deactivate
    void deactivate() {
        stopListening();
        if (crawler != null) {
            crawler.close();
        }
    }
}
