package org.mlos.cluster.remote.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.cluster.log.FloodLog;
import org.mlos.core.remote.RemoteDispatcher;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The host side: listens (127.0.0.1 unless told otherwise), authenticates every connection
 * with the {@link Handshake} before decoding anything, and runs calls on the instances callers
 * open. Instances belong to the server, not to a connection, so a caller that reconnects after
 * a lost connection finds its instance (and its state) again; a caller ends one with a close.
 * Calls run as {@link RemoteSettings#hostDispatch()} says: on the connection's event loop in the
 * order they arrive (the default), or each on a thread of its own; state moves, opening and closing
 * instances run off the loop.
 */
public final class RemoteServer implements AutoCloseable {

    static final System.Logger LOG = System.getLogger(RemoteServer.class.getName());

    private final Vertx vertx;
    private final Handshake handshake;
    private final Hosting hosting;
    private final RemoteSettings settings;
    private final Map<Integer, Hosted> instances = new ConcurrentHashMap<>();
    /** Instances whose caller was missing at the last orphan check. */
    private final java.util.Set<Integer> missingOnce = ConcurrentHashMap.newKeySet();
    /** Checks since its last use that an instance's caller was missing from the registry, its connection open. */
    private final Map<Integer, Integer> missingChecks = new ConcurrentHashMap<>();
    /**
     * How long (in checks, 10 s each, since its last use) an open connection keeps an instance whose
     * caller is missing from the registry: a caller back from a pause under a new member id calls
     * it again; a connection half-open for good (a stopped process, a machine gone without a word)
     * must not keep a store's items forever.
     */
    static final int MOST_CHECKS_KEPT_BY_CONNECTION = 30;

    /** Instance to the connection it was last used over. */
    private final Map<Integer, HostConnection> via = new ConcurrentHashMap<>();
    /**
     * Instance ids begin at a random point: a caller may still hold ids of a host that restarted on
     * the same address (a fixed mlos.remote.port), and from 1 they named other callers' instances,
     * which a stale call ran on and a stale close ended.
     */
    private final AtomicInteger ids = new AtomicInteger(new java.security.SecureRandom().nextInt(1 << 30));
    private final AtomicLong refused = new AtomicLong();
    /**
     * Connections at most in their handshake at once. A stranger's connection lasts until its
     * handshake fails or times out; without a bound, a flood of them took whatever the node had.
     * Cluster nodes open a connection or two each, handshaken within milliseconds.
     */
    static final int MAX_HANDSHAKING = 256;
    private final java.util.concurrent.atomic.AtomicInteger handshaking = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong refusedAtCap = new AtomicLong();
    /** Refusals: the first of 10 s logged at once, those after it in one line when the 10 s end. */
    private final FloodLog refusals = new FloodLog(FloodLog.TEN_SECONDS, (n, period, last) -> LOG.log(Level.WARNING,
            "refused {0} more remote-call connection(s) in the last {1} s (the last from {2})", n, period.toSeconds(), last));
    private final AtomicLong calls = new AtomicLong();
    private final HostedStates states = new HostedStates();
    private final java.util.concurrent.ExecutorService threads = HostDispatch.threads();
    private final boolean callsOnLoop;
    private NetServer server;

    /** One hosted instance and who asked for it. */
    public record Hosted(int id, RemoteDispatcher dispatcher, String impl, String caller) {
    }

    public RemoteServer(Vertx vertx, Handshake handshake, Hosting hosting, RemoteSettings settings) {
        this.vertx = vertx;
        this.handshake = handshake;
        this.hosting = hosting;
        this.settings = settings;
        this.callsOnLoop = settings.hostDispatch() == HostDispatch.LOOP;
    }

    /** Runs a received frame: a kind's call where the settings say, anything else off the event loop. */
    void run(boolean call, Runnable frame) {
        if (call && callsOnLoop) {
            frame.run();
            return;
        }
        try {
            threads.execute(frame);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            frame.run(); // the server is closing: answer on the loop rather than leave the caller waiting
        }
    }

    /** Starts listening; returns the port (the one asked, or a free one for 0). */
    public int start(String host, int port) throws IOException {
        // keepalive: a caller's machine gone without a word leaves a half-open connection, which would keep its instances
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setTcpKeepAlive(true));
        s.connectHandler(this::accept);
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("remote calls cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage()
                    + " (choose another port with mlos.remote.port, or 0 for any free one)", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("remote calls: listening on " + host + ":" + port + " did not complete", e);
        }
        server = s;
        return s.actualPort();
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    private void accept(NetSocket socket) {
        if (handshaking.incrementAndGet() > MAX_HANDSHAKING) {
            handshaking.decrementAndGet();
            refusedAtCap.incrementAndGet();
            refused(String.valueOf(socket.remoteAddress()), MAX_HANDSHAKING + " connections were in their handshake already");
            socket.exceptionHandler(e -> { }); // counted already: a reset as it closes is no log line of its own
            socket.close();
            return;
        }
        new HostConnection(this, socket, handshake, settings).start(vertx);
    }

    /** A connection's handshake is over: it proved the secret, or it closed. Once per connection. */
    void handshakeOver() {
        handshaking.decrementAndGet();
    }

    /** Connections in their handshake now. */
    int handshaking() {
        return handshaking.get();
    }

    /** Connections closed as they opened, {@value #MAX_HANDSHAKING} being in their handshake. */
    long refusedAtCap() {
        return refusedAtCap.get();
    }

    Hosted open(String kind, String impl, long fingerprint, String caller) throws Exception {
        RemoteDispatcher d = hosting.open(kind, impl, fingerprint, caller);
        if (d.fingerprint() != fingerprint) {
            hosting.close(d);
            throw new IllegalStateException("kind " + kind + " differs between node " + caller + " and this node"
                    + " (fingerprints " + fingerprint + " and " + d.fingerprint() + "): run the same version of its"
                    + " bundle on both");
        }
        Hosted h = new Hosted(ids.incrementAndGet(), d, impl, caller);
        instances.put(h.id(), h);
        if (hosting.gone(d)) { // went as it was opened: the end of its implementation may have missed it
            close(h.id());
            throw new IllegalStateException("implementation " + impl + " of " + kind + " went as node " + caller + " opened"
                    + " it (its bundle stopped or is updating): ask again once it is back");
        }
        LOG.log(Level.INFO, "hosting {0} instance {1} of {2} for node {3}", impl, String.valueOf(h.id()), kind, caller);
        return h;
    }

    HostedStates states() {
        return states;
    }

    Hosted instance(int id) {
        return instances.get(id);
    }

    /** The instance was used (opened, called) over {@code connection}: while it is open, its caller lives. */
    void used(int instance, HostConnection connection) {
        if (via.get(instance) != connection) {
            via.put(instance, connection);
        }
        if (!missingChecks.isEmpty()) {
            missingChecks.remove(instance); // in use: its caller lives, whatever id the registry has for it now
        }
    }

    void close(int id) {
        Hosted h = instances.remove(id);
        missingOnce.remove(id);
        via.remove(id);
        states.forget(id);
        if (h != null) {
            hosting.close(h.dispatcher());
        }
    }

    /**
     * Ends the instances {@code which} selects, saying why: their implementation is gone from this
     * node. A caller's next call on one finds no instance and fails over, as from a lost host.
     * Returns how many were ended.
     */
    public int endHosted(java.util.function.Predicate<RemoteDispatcher> which, String why) {
        int n = 0;
        for (Hosted h : instances.values()) {
            if (which.test(h.dispatcher())) {
                LOG.log(Level.WARNING, "ending {0} instance {1} of {2} hosted for node {3}: {4}; that node fails over",
                        h.impl(), String.valueOf(h.id()), h.dispatcher().kind(), h.caller(), why);
                close(h.id());
                n++;
            }
        }
        return n;
    }

    /**
     * Ends the instances opened by nodes that are gone: absent from {@code liveNodes} at this check
     * and at the one before, and the connection they were last used over closed (or unused for
     * {@link #MOST_CHECKS_KEPT_BY_CONNECTION} checks while the caller was missing). A caller that
     * dies cannot close what it opened, and its connection closes with its process. One reading of
     * the registry is not enough: a live node can miss from it for a moment (its entry refreshed
     * late on a busy machine), and ending a live caller's instance mid-move loses the move. Nor is
     * the registry alone: a node paused 14 s (or whose host was) comes back under a new member id,
     * or finds itself alone until its cluster merges it back, and its instances were ended while it
     * still held them open: every later call was refused ("no hosted instance 2 here") and a
     * store's items were gone. Returns how many were ended.
     */
    public int closeOrphans(java.util.Set<String> liveNodes) {
        via.keySet().removeIf(id -> !instances.containsKey(id)); // a call that raced its instance's close
        missingChecks.keySet().removeIf(id -> !instances.containsKey(id));
        int n = 0;
        for (Hosted h : instances.values()) {
            HostConnection last = via.get(h.id());
            if (liveNodes.contains(h.caller())) {
                missingOnce.remove(h.id());
                missingChecks.remove(h.id());
            } else if (last != null && last.open()
                    && missingChecks.merge(h.id(), 1, Integer::sum) <= MOST_CHECKS_KEPT_BY_CONNECTION) {
                missingOnce.remove(h.id());
            } else if (!missingOnce.add(h.id())) {
                LOG.log(Level.INFO, "ending {0} instance {1} of {2}: node {3} is gone", h.impl(), String.valueOf(h.id()),
                        h.dispatcher().kind(), h.caller());
                close(h.id());
                n++;
            }
        }
        return n;
    }

    /**
     * Counts a refusal; the first in a while is logged at once, those after it in one line when
     * the period ends: a flood of strangers flooded the log, a line each.
     */
    void refused(String peer, String why) {
        refused.incrementAndGet();
        if (refusals.first(peer + ": " + why)) {
            LOG.log(Level.WARNING, "refused a remote-call connection from {0}: {1}", peer, why);
        }
    }

    void counted() {
        calls.incrementAndGet();
    }

    /** The instances hosted now. */
    public Map<Integer, Hosted> instances() {
        return Map.copyOf(instances);
    }

    /** Connections refused so far (failed handshakes, oversized frames). */
    public long refusedConnections() {
        return refused.get();
    }

    /** Calls run so far. */
    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "remote calls: closing the server: " + e);
            }
        }
        for (Integer id : instances.keySet()) {
            close(id);
        }
        threads.shutdown();
        refusals.flush(); // the refusals counted are told, not lost with the server
    }
}
