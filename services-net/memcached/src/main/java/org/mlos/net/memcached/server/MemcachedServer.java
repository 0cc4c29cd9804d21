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
import org.mlos.net.api.TlsSettings;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.MemcachedProtocol;
import org.mlos.net.memcached.ServerStats;
import org.mlos.net.memcached.TlsState;
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
 * {@code -Y}, clients authenticate first), {@code socket} ({@code mlos.memcached.socket}: memcached's
 * {@code -s}, a unix domain socket to listen on instead of host and port) and {@code socket.mask}
 * ({@code mlos.memcached.socket.mask}: memcached's {@code -a}, its mode in octal, 700). TLS
 * (memcached's {@code -Z} and {@code -o ssl_*}), framework properties only: {@code mlos.memcached.tls}
 * and its {@code .cert}, {@code .key}, {@code .ca}, {@code .verify} and {@code .min.version}
 * ({@link MemcachedProperties#TLS}). Framework properties only: the level {@code verbosity}
 * starts at ({@code mlos.memcached.verbosity}, 0; memcached's {@code -v} count), and the network
 * server's event loops ({@code mlos.net.event.loops}, one per processor; memcached's {@code -t}),
 * which {@code stats} reports as its threads.
 *
 * <p>The listener is published as a {@link Listener} service with the property
 * {@value #ENDPOINT}, e.g. {@code memcached://127.0.0.1:11211} (on a unix socket
 * {@code memcached+unix:///run/memcached/memcached.sock}), which the launcher adds to the node's
 * ready line.
 */
@Component(immediate = true, configurationPid = MemcachedServer.PID)
@Designate(ocd = MemcachedServer.Config.class)
public final class MemcachedServer {

    public static final String PID = "org.mlos.net.memcached";
    public static final String ENDPOINT = NodeProperties.ENDPOINT;
    /**
     * The endpoint's scheme on a unix socket ({@code memcached+unix:///run/memcached.sock}): not
     * {@code memcached}, which names a host and port that clients on other machines can reach.
     */
    public static final String UNIX_ENDPOINT = "memcached+unix";

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

        @AttributeDefinition(description = "memcached's -s: a unix domain socket to listen on instead of host and port;"
                + " empty takes mlos.memcached.socket, else none.")
        String socket() default "";

        @AttributeDefinition(name = "socket.mask", description = "memcached's -a: the unix socket's permission bits in octal;"
                + " empty takes mlos.memcached.socket.mask, else 700.")
        String socket_mask() default "";
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
                .configured(MemcachedProperties.SHUTDOWN, config.shutdown() ? Boolean.TRUE : null)
                .configured(MemcachedProperties.SOCKET, config.socket())
                .configured(MemcachedProperties.SOCKET_MASK, config.socket_mask());
        String host = settings.text(MemcachedProperties.HOST, MemcachedProperties.DEFAULT_HOST);
        int port = settings.integer(MemcachedProperties.PORT, MemcachedProperties.DEFAULT_PORT, 0, 65535);
        int itemMax = settings.integer(MemcachedProperties.ITEM_MAX, Limits.DEFAULT_ITEM_MAX, 1, Integer.MAX_VALUE);
        int maxConnections = settings.integer(MemcachedProperties.MAX_CONNECTIONS,
                MemcachedProperties.DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE);
        String authFile = settings.text(MemcachedProperties.AUTH_FILE, "");
        String socket = settings.text(MemcachedProperties.SOCKET, "").trim();
        int socketMask = socketMask(settings.text(MemcachedProperties.SOCKET_MASK, MemcachedProperties.DEFAULT_SOCKET_MASK));
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
        protocol.socketMask(socketMask); // memcached prints -a as umask with or without -s
        String endpoint;
        TlsSettings tls = settings.flag(MemcachedProperties.TLS, false) ? tls(settings) : null;
        if (tls != null && !socket.isEmpty()) {
            throw new IllegalArgumentException(MemcachedProperties.TLS + " is for a port; the unix socket "
                    + socket + " is reached from this machine only: turn one of them off");
        }
        if (tls == null) {
            protocol.tls(TlsState.off(givenTls(settings))); // printed as memcached prints them without -Z
        }
        if (socket.isEmpty()) {
            listener = network.listen(host, port, tls, protocol);
            protocol.listeningOn(listener.port());
            if (tls != null) {
                protocol.tls(TlsState.on(tls, verifyMode(settings), listener));
            }
            endpoint = endpoint(host, listener.port());
        } else {
            // as memcached's -s: the socket instead of the network; host and port are not bound
            listener = network.listen(Path.of(socket), socketMask, protocol);
            protocol.listeningOnSocket(listener.path().toString(),
                    settings.text(MemcachedProperties.HOST).orElse(null));
            endpoint = UNIX_ENDPOINT + "://" + listener.path();
        }
        protocol.servedBy(listener.threads());
        protocol.backlog(listener.backlog());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ENDPOINT, endpoint);
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

    /** memcached's {@code -Z} settings, as the network server takes them; refused when incomplete. */
    static TlsSettings tls(Settings settings) {
        String cert = settings.text(MemcachedProperties.TLS_CERT, "");
        if (cert.isEmpty()) {
            throw new IllegalArgumentException(MemcachedProperties.TLS + " needs the server's certificate chain, a PEM file:"
                    + " set " + MemcachedProperties.TLS_CERT + " (memcached's -o ssl_chain_cert=<file>)");
        }
        String key = settings.text(MemcachedProperties.TLS_KEY, "");
        String ca = settings.text(MemcachedProperties.TLS_CA, "");
        String ciphers = settings.text(MemcachedProperties.TLS_CIPHERS, "");
        int verify = verifyMode(settings);
        String min = minVersion(settings);
        TlsSettings.ClientCerts clientCerts = verify == 0 ? TlsSettings.ClientCerts.NONE
                : verify == 1 ? TlsSettings.ClientCerts.REQUEST : TlsSettings.ClientCerts.REQUIRE;
        return new TlsSettings(Path.of(cert), key.isEmpty() ? null : Path.of(key), ca.isEmpty() ? null : Path.of(ca),
                clientCerts, min.equals("tlsv1.3") ? "TLSv1.3" : "TLSv1.2", ciphers.isEmpty() ? null : ciphers);
    }

    /** memcached's numbers (2, 3) or the names {@code stats settings} prints, as those names. */
    private static String minVersion(Settings settings) {
        String min = settings.choice(MemcachedProperties.TLS_MIN_VERSION, "2", "2", "3", "tlsv1.2", "tlsv1.3");
        return min.equals("3") || min.equals("tlsv1.3") ? "tlsv1.3" : "tlsv1.2";
    }

    /** The ssl_* settings as given, for a server without TLS: none is checked, as memcached checks none then. */
    private static TlsState.Given givenTls(Settings settings) {
        return new TlsState.Given(given(settings, MemcachedProperties.TLS_CERT), given(settings, MemcachedProperties.TLS_KEY),
                given(settings, MemcachedProperties.TLS_CA), given(settings, MemcachedProperties.TLS_CIPHERS),
                verifyMode(settings), minVersion(settings));
    }

    private static String given(Settings settings, String name) {
        String value = settings.text(name, "");
        return value.isEmpty() ? null : value;
    }

    private static int verifyMode(Settings settings) {
        return settings.integer(MemcachedProperties.TLS_VERIFY, 0, 0, 3);
    }

    /** memcached's {@code -a}: permission bits in octal, as its {@code strtol(optarg, NULL, 8)} reads them. */
    static int socketMask(String octal) {
        String v = octal.trim();
        try {
            int mask = Integer.parseInt(v, 8);
            if (mask >= 0 && mask <= 0777) {
                return mask;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(MemcachedProperties.SOCKET_MASK + " takes the unix socket's permission bits in"
                + " octal, 0 to 777 (e.g. 700: only the node's user may connect; 770: its group too), got '" + octal + "'");
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

    /** The endpoint a node publishes; an IPv6 address in brackets, as in a URI (memcached://::1:11211 named no host to a URI's reader). */
    static String endpoint(String host, int port) {
        return "memcached://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
