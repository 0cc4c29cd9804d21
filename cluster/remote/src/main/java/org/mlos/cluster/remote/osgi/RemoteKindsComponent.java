package org.mlos.cluster.remote.osgi;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.auth.ClusterSecret;
import org.mlos.cluster.auth.KeyDerivation;
import org.mlos.cluster.remote.transport.Handshake;
import org.mlos.cluster.remote.transport.HostDispatch;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.cluster.remote.transport.RemoteServer;
import org.mlos.cluster.remote.transport.RemoteSettings;
import org.mlos.core.api.ImplementationSource;
import org.mlos.core.settings.NodeProperties;
import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * Remote kinds on a cluster node: hosts instances for other nodes (a server on
 * {@code mlos.remote.host}, default 127.0.0.1, port {@code mlos.remote.port}, default any free
 * one, published in the node registry as endpoint {@code mlos-remote}) and provides
 * {@code <impl>@<node|profile>} candidates to the kernel. Framework properties:
 * {@code mlos.remote.call.timeout.ms} (2000), {@code mlos.remote.retries} (1, for methods not marked
 * {@code @Mutates}), {@code mlos.remote.connect.timeout.ms} (2000), {@code mlos.remote.host.dispatch}
 * ({@code loop}: calls run on the event loop, the default; {@code threads}: off it),
 * {@code mlos.remote.silent.grace.ms} (60000: how long a host that left the cluster but whose
 * port still accepts keeps its callers bound, {@link Departures}).
 */
@Component(service = ImplementationSource.class, immediate = true)
public final class RemoteKindsComponent implements ImplementationSource {

    private static final System.Logger LOG = System.getLogger(RemoteKindsComponent.class.getName());

    @Reference
    private Cluster cluster;

    private Vertx vertx;
    private RemoteServer server;
    private OsgiHosting hosting;
    private RemoteClient client;
    private RemoteCandidates candidates;
    private ServiceRegistration<?> endpoint;
    private Thread preferences;
    private BundleContext context;
    private boolean stopped;
    private long orphans;
    private java.util.concurrent.ScheduledExecutorService members;
    private FirstRegistryLook firstLook;

    @Activate
    void activate(BundleContext context) throws Exception {
        // First, before the join's pending mark goes (this activates as the Cluster service is
        // registered): the launcher must not tell what the cluster lacks until the registry is read.
        firstLook = FirstRegistryLook.registerIfPreferred(context);
        try {
            start(context);
        } catch (Exception | Error e) {
            firstLook.done();
            throw e;
        }
    }

    private void start(BundleContext context) throws Exception {
        Settings node = Settings.of(context);
        RemoteSettings settings = new RemoteSettings(node.number(CALL_TIMEOUT_MS, 2000, 1, Long.MAX_VALUE),
                node.number(CONNECT_TIMEOUT_MS, 2000, 1, Long.MAX_VALUE), node.integer(RETRIES, 1, 0, 100), 64 << 20, 5000,
                HostDispatch.parse(node.text(HOST_DISPATCH, "loop")));
        Handshake handshake = new Handshake(key(context));
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Vertx.class.getClassLoader());
        try {
            // no files served: no vertx-cache folder in /tmp, which a node killed with -9 would leave
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setFileSystemOptions(
                    new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false)));
        } finally {
            t.setContextClassLoader(previous);
        }
        String host = node.text(HOST, "127.0.0.1");
        hosting = new OsgiHosting(context);
        server = new RemoteServer(vertx, handshake, hosting, settings);
        int port = server.start(host, node.integer(PORT, 0, 0, 65535));
        hosting.endWithTheirService(server); // after the start: a start that throws leaves no listener behind
        client = new RemoteClient(vertx, handshake, settings, cluster::localNodeId);
        candidates = new RemoteCandidates(context, client);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.ENDPOINT, RemoteCandidates.ENDPOINT_SCHEME + "://" + host + ":" + port);
        props.put("service.exported.interfaces", "*");
        props.put("service.exported.configs", "mlos.remote");
        props.put("service.intents", new String[] {"mlos.authenticated", "mlos.live-state"});
        endpoint = context.registerService(RemoteServerInfo.class, new RemoteServerInfo(server), props);
        LOG.log(Level.INFO, "remote kinds: hosting on {0}:{1}", host, String.valueOf(port));
        // A caller node that dies cannot close what it opened here: end its instances once it has
        // left the registry (checked every 10 s; gone at two checks in a row).
        orphans = vertx.setPeriodic(10_000, id -> vertx.executeBlocking(() -> server.closeOrphans(
                cluster.nodes().stream().map(n -> n.id()).collect(java.util.stream.Collectors.toSet()))));
        this.context = context;
        // A profile's remote default is asked for at start, and again whenever its host is lost:
        // a node whose only implementation was remote (front) serves again once a node of that
        // profile is back, and a node that failed over to a local one returns to its preference.
        candidates.afterWithdraw(this::askForPreferences);
        askForPreferences();
        // A host that leaves the cluster is dropped at once, not at the first call that fails on it,
        // and a node that joins may be the one a preference waits for. Its own thread: a look may
        // wait up to the connect timeout for a departed node's answer.
        MembershipWatch watch = new MembershipWatch(cluster, candidates,
                new Departures(client::presence, node.number(Departures.SILENT_GRACE_MS, Departures.DEFAULT_SILENT_GRACE_MS, 0,
                        Long.MAX_VALUE)), this::askForPreferences);
        members = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread w = new Thread(r, "mlos-remote-members");
            w.setDaemon(true);
            return w;
        });
        members.scheduleWithFixedDelay(() -> {
            try {
                watch.look();
            } catch (RuntimeException e) { // a registry read failing now may work at the next look
                LOG.log(Level.DEBUG, "remote kinds: looking at the cluster's nodes failed", e);
            }
        }, MembershipWatch.PERIOD_MS, MembershipWatch.PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void askForPreferences() {
        if (stopped || (preferences != null && preferences.isAlive())) {
            return;
        }
        preferences = new Thread(new StartPreferences(context, cluster, candidates, firstLook::done),
                "mlos-remote-preferences");
        preferences.setDaemon(true);
        preferences.start();
    }

    /** The remote-call key, from the cluster secret; without one, a key of this node's own (it then serves itself only). */
    private static byte[] key(BundleContext context) {
        Optional<ClusterSecret> secret = ClusterSecret.from(context::getProperty, System::getenv);
        if (secret.isPresent()) {
            return KeyDerivation.derive(secret.get().key(), Handshake.KEY_PURPOSE);
        }
        LOG.log(Level.WARNING, "remote kinds: no cluster secret ({0}), so no other node can call or host for this one",
                ClusterSecret.FILE_PROPERTY);
        byte[] own = new byte[32];
        new SecureRandom().nextBytes(own);
        return own;
    }

    @Override
    public boolean provide(String kind, String impl) throws Exception {
        return candidates.provide(cluster, kind, impl);
    }

    @Deactivate
    void deactivate() throws Exception {
        firstLook.done();
        if (hosting != null) {
            hosting.stopWatching();
        }
        vertx.cancelTimer(orphans);
        members.shutdownNow();
        members.awaitTermination(5, TimeUnit.SECONDS);
        Thread asking;
        synchronized (this) {
            stopped = true;
            asking = preferences;
        }
        if (asking != null) {
            asking.interrupt();
            asking.join(5000);
        }
        if (endpoint != null) {
            endpoint.unregister();
        }
        candidates.close();
        client.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Where this node hosts for others: interface (default 127.0.0.1) and port (default 0, any free one). */
    static final String HOST = "mlos.remote.host";
    static final String PORT = "mlos.remote.port";
    /** A call's timeout, connecting's, and retries of methods not marked @Mutates (2000 ms, 2000 ms, 1). */
    static final String CALL_TIMEOUT_MS = "mlos.remote.call.timeout.ms";
    static final String CONNECT_TIMEOUT_MS = "mlos.remote.connect.timeout.ms";
    static final String RETRIES = "mlos.remote.retries";
    /** Where this node runs calls for others: loop (default) or threads. */
    static final String HOST_DISPATCH = "mlos.remote.host.dispatch";
}
