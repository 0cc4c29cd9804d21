package org.mlos.net.vertx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mlos.core.api.Kernel;
import org.mlos.core.settings.Settings;
import org.mlos.net.api.Listener;
import org.mlos.net.api.NetProperties;
import org.mlos.net.api.NetworkServer;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.TlsSettings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * {@code vertx}: TCP and unix domain socket servers on one Vert.x instance, one event loop per core by default. Each
 * connection lives on one event loop, so its protocol session runs to completion there, without
 * locks: the EbbRT style on Netty.
 *
 * <p>Settings, each from this component's configuration (PID {@code org.mlos.net.vertx}) if set,
 * else a framework property, so that a node without Configuration Admin (the cache profiles) sets
 * them too: {@code event.loops} ({@value #EVENT_LOOPS}, memcached's {@code -t}: one per processor
 * by default) and {@code accept.backlog} ({@value #ACCEPT_BACKLOG}, memcached's {@code -b}: the
 * listening socket's queue of connections not yet accepted; by default Netty's, the system's
 * {@code net.core.somaxconn}, which also caps any larger value, as it caps memcached's).
 */
@Component(service = NetworkServer.class, property = Kernel.IMPL + "=vertx", configurationPid = "org.mlos.net.vertx")
@Designate(ocd = VertxNetworkServer.Config.class)
public final class VertxNetworkServer implements NetworkServer {

    @ObjectClassDefinition(name = "MultiLibOS network server on Vert.x")
    @interface Config {
        @AttributeDefinition(name = "event.loops", description = "Event loop threads; 0 takes " + EVENT_LOOPS
                + ", else one per processor.")
        int event_loops() default 0;

        @AttributeDefinition(name = "accept.backlog", description = "Connections the listening socket queues before they"
                + " are accepted; 0 takes " + ACCEPT_BACKLOG + ", else the system's (net.core.somaxconn).")
        int accept_backlog() default 0;
    }

    /** Framework property: event loop threads (memcached's {@code -t}); unset, one per processor. */
    public static final String EVENT_LOOPS = NetProperties.EVENT_LOOPS;

    /** Framework property: the listening socket's backlog (memcached's {@code -b}); unset, the system's. */
    public static final String ACCEPT_BACKLOG = NetProperties.ACCEPT_BACKLOG;

    /**
     * The node serves no files: without this, Vert.x made a {@code vertx-cache-<uuid>} folder in
     * the temporary folder at start, for classpath resources it would extract, and a node killed
     * with -9 left it there for good.
     */
    public static final FileSystemOptions NO_FILE_CACHE = new FileSystemOptions().setClassPathResolvingEnabled(false)
            .setFileCachingEnabled(false);

    private final List<VertxListener> listeners = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private int eventLoops;
    /** The listening sockets' backlog, or Vert.x's default (-1: Netty's, the system's somaxconn). */
    private int acceptBacklog = NetServerOptions.DEFAULT_ACCEPT_BACKLOG;

    /** For DS. */
    public VertxNetworkServer() {
    }

    /** For plain Java and tests. */
    public VertxNetworkServer(int eventLoops) {
        start(eventLoops);
    }

    /** For plain Java and tests: listening sockets with a backlog of {@code acceptBacklog} (memcached's {@code -b}). */
    public VertxNetworkServer(int eventLoops, int acceptBacklog) {
        if (acceptBacklog < 1) {
            throw new IllegalArgumentException("a listen backlog is 1 or more connections, not " + acceptBacklog);
        }
        this.acceptBacklog = acceptBacklog;
        start(eventLoops);
    }

    @Activate
    void activate(BundleContext context, Config config) {
        Settings settings = Settings.of(context)
                .configured(EVENT_LOOPS, config.event_loops() > 0 ? config.event_loops() : null)
                .configured(ACCEPT_BACKLOG, config.accept_backlog() > 0 ? config.accept_backlog() : null);
        acceptBacklog = settings.integer(ACCEPT_BACKLOG, NetServerOptions.DEFAULT_ACCEPT_BACKLOG, 1, Integer.MAX_VALUE);
        start(settings.integer(EVENT_LOOPS, 0, 1, MAX_EVENT_LOOPS));
    }

    /**
     * The backlog the listening sockets are given: the configured one, else Netty's default,
     * which it read from {@code /proc/sys/net/core/somaxconn} (the kernel caps any backlog there).
     */
    int backlog() {
        return acceptBacklog > 0 ? acceptBacklog : io.netty.util.NetUtil.SOMAXCONN;
    }

    /** More event loops than this is a mistake (memcached warns past 64 threads). */
    static final int MAX_EVENT_LOOPS = NetProperties.MAX_EVENT_LOOPS;

    private void start(int loops) {
        eventLoops = loops > 0 ? loops : Runtime.getRuntime().availableProcessors();
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setPreferNativeTransport(true)
                .setFileSystemOptions(NO_FILE_CACHE);
        // Vert.x looks up optional providers through the context class loader: ours, not the caller's.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Vertx.class.getClassLoader());
        try {
            vertx = Vertx.vertx(options);
        } finally {
            t.setContextClassLoader(previous);
        }
        if (!vertx.isNativeTransportEnabled()) {
            System.getLogger(VertxNetworkServer.class.getName()).log(System.Logger.Level.INFO,
                    "Vert.x runs on Java NIO, not Netty's epoll transport: " + whyNotEpoll(vertx.unavailableNativeTransportCause()));
        }
    }

    /**
     * Why the epoll transport is not used: Vert.x's reason, or, when it has none (it gives none when
     * no native transport is installed at all, as in Karaf without the native feature), that.
     */
    static String whyNotEpoll(Throwable cause) {
        if (cause != null) {
            return String.valueOf(cause);
        }
        return "no native transport is installed (in Karaf, feature mlos-native-linux-x86_64 adds it; elsewhere, the"
                + " netty-transport-native-epoll bundle and its linux-x86_64 fragment)";
    }

    @Deactivate
    public void stop() {
        for (VertxListener l : listeners) {
            l.close();
        }
        awaitQuietly(vertx.close(), "stop Vert.x");
    }

    /**
     * Opens one server per event loop on the same address: Vert.x binds the port once and deals
     * the accepted connections round-robin among them (one server alone would run every
     * connection on a single event loop).
     */
    @Override
    public Listener listen(String host, int port, Protocol protocol) throws IOException {
        return listen(host, port, null, protocol);
    }

    /** As {@link #listen(String, int, Protocol)}, with TLS on every connection unless {@code tls} is null. */
    @Override
    public Listener listen(String host, int port, TlsSettings tls, Protocol protocol) throws IOException {
        if (port != 0) {
            return listenOn(host, port, tls, protocol);
        }
        // Vert.x shares a port among servers only when they name it: port 0 would give each
        // server a port of its own. So a free port is picked first; if another process takes it
        // in between, another is picked.
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return listenOn(host, freePort(host, protocol), tls, protocol);
            } catch (IOException e) {
                if (!inUse(e)) {
                    throw e; // picking another port cannot help
                }
                last = e;
            }
        }
        throw last;
    }

    private Listener listenOn(String host, int port, TlsSettings tls, Protocol protocol) throws IOException {
        VertxListener listener = new VertxListener(host, tls == null ? null : ServerTls.load(vertx, tls), protocol, this);
        try {
            NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true)
                    .setAcceptBacklog(acceptBacklog);
            openServers(listener, options,
                    SocketAddress.inetSocketAddress(port, host), host + ":" + port);
        } catch (IOException e) {
            listener.closeServers();
            throw explained(e, host);
        }
        listeners.add(listener);
        return listener;
    }

    /**
     * Listens on a unix domain socket, one server per event loop as on a port: Vert.x shares the
     * socket among servers of the same path. The socket file gets its mode before clients can
     * find it by its path ({@link DomainSocketFile}).
     */
    @Override
    public Listener listen(Path socket, int mode, Protocol protocol) throws IOException {
        return listen(DomainSocketFile.prepare(socket, mode), mode, protocol);
    }

    /** As above, with the socket's file prepared: bound in place or under its hidden name (tests take either). */
    Listener listen(DomainSocketFile file, int mode, Protocol protocol) throws IOException {
        VertxListener listener = new VertxListener(file, protocol, this);
        try {
            openServers(listener, new NetServerOptions().setAcceptBacklog(acceptBacklog),
                    SocketAddress.domainSocketAddress(file.bindAt().toString()), "unix socket " + file.path());
        } catch (IOException e) {
            listener.closeServers();
            if (inUse(e)) {
                throw new IOException("cannot listen on unix socket " + file.path() + ": another server made its socket"
                        + " there meanwhile (started at the same time?); stop it, or choose another path", e);
            }
            throw vertx.isNativeTransportEnabled() ? e : new IOException(e.getMessage() + " (Vert.x runs on Java NIO"
                    + " here, not Netty's epoll transport: " + whyNotEpoll(vertx.unavailableNativeTransportCause()) + ")", e);
        } catch (RuntimeException e) {
            listener.closeServers();
            throw e;
        }
        try {
            file.publish(mode);
        } catch (IOException | RuntimeException e) {
            listener.closeServers();
            throw e;
        }
        listeners.add(listener);
        return listener;
    }

    /** One server per event loop, each on a context of its own, all on {@code address}. */
    private void openServers(VertxListener listener, NetServerOptions options, SocketAddress address, String where)
            throws IOException {
        for (int i = 0; i < eventLoops; i++) {
            NetServer server = vertx.createNetServer(new NetServerOptions(options));
            server.connectHandler(listener::accept);
            server.exceptionHandler(listener::failedBeforeAccepted);
            // Each server on a context of its own, so on an event loop of its own: from a
            // plain thread Vert.x would put them all on the one context it keeps for it.
            Context context = VertxInternals.newEventLoopContext(vertx);
            Future<NetServer> listening = Future.future(p -> context.runOnContext(v -> server.listen(address).onComplete(p)));
            await(listening, "listen on " + where + " for " + listener.protocol());
            listener.started(server);
        }
    }

    private static int freePort(String host, Protocol protocol) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw explained(new IOException("cannot listen on " + host + " for " + protocol.name() + ": " + e.getMessage(), e),
                    host);
        }
    }

    private static boolean inUse(IOException e) {
        return String.valueOf(e.getMessage()).contains("in use");
    }

    /**
     * The failures to listen an operator meets, with what to do about them: the port taken, or an
     * address this machine does not have (a typo, or a host's address given on another host).
     */
    static IOException explained(IOException e, String host) {
        String m = String.valueOf(e.getMessage());
        if (inUse(e)) {
            return new IOException(m + " (another node or server has it); choose another port, or 0 for any free one",
                    e.getCause());
        }
        if (m.contains("assign requested address")) {
            return new IOException(m + " (" + host + " is no address of this machine); listen on one it has:"
                    + " 127.0.0.1, the default, or 0.0.0.0 for all of them", e.getCause());
        }
        return e;
    }

    /** The Vert.x instance, for tests of how it is set up. */
    Vertx vertx() {
        return vertx;
    }

    @Override
    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }

    void closed(VertxListener listener) {
        listeners.remove(listener);
    }

    static void await(Future<?> f, String what) throws IOException {
        try {
            f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("gave up after 30 s trying to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        }
    }

    static void awaitQuietly(Future<?> f, String what) {
        try {
            await(f, what);
        } catch (IOException e) {
            System.getLogger(VertxNetworkServer.class.getName()).log(System.Logger.Level.WARNING,
                    "could not " + what + ": " + e.getMessage());
        }
    }
}
