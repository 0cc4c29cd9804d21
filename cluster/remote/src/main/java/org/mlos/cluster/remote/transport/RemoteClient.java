package org.mlos.cluster.remote.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.core.remote.RemoteKinds;
import org.mlos.core.remote.RemoteStub;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * The caller side: one authenticated connection per peer, made on first use and again after a
 * loss, and the bindings of generated stubs to instances on peers.
 */
public final class RemoteClient implements AutoCloseable {

    private final Handshake handshake;
    private final RemoteSettings settings;
    private final java.util.function.Supplier<String> localNode;
    private final NetClient net;
    private final Map<Peer, PeerConnection> connections = new ConcurrentHashMap<>();
    private final Map<Peer, Object> connecting = new ConcurrentHashMap<>();

    public RemoteClient(Vertx vertx, Handshake handshake, RemoteSettings settings, String localNode) {
        this(vertx, handshake, settings, () -> localNode);
    }

    /** {@code localNode}: this node's id now (a node merged back after a pause has a new one). */
    public RemoteClient(Vertx vertx, Handshake handshake, RemoteSettings settings,
            java.util.function.Supplier<String> localNode) {
        this.handshake = handshake;
        this.settings = settings;
        this.localNode = localNode;
        this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutMs())));
    }

    public RemoteSettings settings() {
        return settings;
    }

    String localNode() {
        return localNode.get();
    }

    /** The live connection to a peer, connecting (and authenticating) if there is none. */
    PeerConnection connection(Peer peer) throws PeerConnection.Lost {
        PeerConnection c = connections.get(peer);
        if (c != null && c.alive()) {
            return c;
        }
        synchronized (connecting.computeIfAbsent(peer, p -> new Object())) {
            c = connections.get(peer);
            if (c != null && c.alive()) {
                return c;
            }
            PeerConnection fresh = open(peer);
            try {
                fresh.awaitReady();
            } catch (PeerConnection.Lost e) {
                // closed, or the handshake that a paused host finishes once resumed would leave an
                // authenticated connection open that no call uses, one per call tried meanwhile
                fresh.close();
                throw e.unsent(); // no request is written before the handshake completes
            }
            connections.put(peer, fresh);
            return fresh;
        }
    }

    private PeerConnection open(Peer peer) {
        PeerConnection fresh = new PeerConnection(peer, settings);
        net.connect(peer.port(), peer.host()).onComplete(r -> {
            if (r.succeeded()) {
                fresh.attach(r.result(), handshake);
            } else {
                fresh.connectFailed("cannot connect to " + peer.host() + ":" + peer.port() + ": " + r.cause().getMessage());
            }
        });
        return fresh;
    }

    /**
     * Whether the peer completes a handshake now, on a connection of its own that is closed
     * after: asks whether a node that left the registry still lives, without touching the
     * connection its calls are on (closing that would fail the calls waiting on it). A port that
     * accepts and then says nothing within the connect timeout is {@link HostPresence#SILENT}: a
     * paused process, which a departed node's caller must not take for a dead one.
     */
    public HostPresence presence(Peer peer) {
        PeerConnection probe = open(peer);
        try {
            probe.awaitReady();
            return HostPresence.ANSWERS;
        } catch (PeerConnection.Lost e) {
            return e.timeout && probe.accepted(settings.connectTimeoutMs()) ? HostPresence.SILENT : HostPresence.GONE;
        } finally {
            probe.close();
        }
    }

    /**
     * Whether the connection the calls to the peer go over is open and handshaken now. A killed
     * process's sockets close with it; a machine lost or cut off closes nothing, and is found by a
     * call failing or by the registry, as before. The membership watch asks this
     * before it probes a peer's port, which it did every second with a connection of its own that
     * the host saw come and go unhandshaken.
     */
    public boolean connected(Peer peer) {
        PeerConnection c = connections.get(peer);
        return c != null && c.alive();
    }

    /**
     * Opens a new instance of {@code impl} on the peer and returns a stub of the kind bound to it.
     *
     * @throws org.mlos.core.remote.RemoteCallException if the peer cannot be reached or refuses
     */
    public <T> T bind(Class<T> kind, String impl, Peer peer) {
        RemoteBinding binding = new RemoteBinding(this, peer, kind.getSimpleName());
        T stub = RemoteKinds.stub(kind, binding);
        binding.open(kind.getName(), impl, ((RemoteStub) stub).mlos$fingerprint());
        return stub;
    }

    /** Ends the remote instance a stub from {@link #bind} is bound to. */
    public void unbind(Object stub) {
        ((RemoteBinding) ((RemoteStub) stub).mlos$invoker()).close();
    }

    /** The binding behind a stub, for its counters. */
    public static RemoteBinding binding(Object stub) {
        return (RemoteBinding) ((RemoteStub) stub).mlos$invoker();
    }

    @Override
    public void close() {
        connections.values().forEach(PeerConnection::close);
        connections.clear();
        net.close();
    }
}
