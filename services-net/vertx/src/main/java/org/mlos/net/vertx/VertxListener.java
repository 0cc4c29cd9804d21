package org.mlos.net.vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.net.api.ConnectionRefused;
import org.mlos.net.api.Listener;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.ProtocolSession;

import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/** One Vert.x net server running one protocol. */
final class VertxListener implements Listener {

    private static final System.Logger LOG = System.getLogger(VertxListener.class.getName());

    private final String host;
    /** The unix domain socket's file, or null for TCP. */
    private final DomainSocketFile socketFile;
    /** TLS on every connection, or null. */
    private final ServerTls tls;
    private final Protocol protocol;
    private final VertxNetworkServer owner;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private volatile int port;

    /** A TCP listener, with TLS unless {@code tls} is null. */
    VertxListener(String host, ServerTls tls, Protocol protocol, VertxNetworkServer owner) {
        this(host, null, tls, protocol, owner);
    }

    /** A listener on a unix domain socket. */
    VertxListener(DomainSocketFile socket, Protocol protocol, VertxNetworkServer owner) {
        this("unix:" + socket.path(), socket, null, protocol, owner);
    }

    private VertxListener(String host, DomainSocketFile socket, ServerTls tls, Protocol protocol, VertxNetworkServer owner) {
        this.host = host;
        this.socketFile = socket;
        this.tls = tls;
        this.protocol = protocol;
        this.owner = owner;
    }

    void started(NetServer server) {
        servers.add(server);
        if (socketFile == null) {
            port = server.actualPort();
        }
    }

    /** A failure on a connection before it was handed over: Vert.x's, as TLS is not its. */
    void failedBeforeAccepted(Throwable failure) {
        // the message may quote the client's bytes: the class and a bounded message only
        LOG.log(System.Logger.Level.DEBUG, () -> protocol.name() + " connection failed before it was served: "
                + failure.getClass().getName() + ": " + bounded(failure.getMessage()));
    }

    static String bounded(String message) {
        return message == null || message.length() <= 120 ? message : message.substring(0, 120) + "…";
    }

    /** A new connection: a session for it, fed on the socket's own event loop. */
    void accept(NetSocket socket) {
        accepted.increment();
        open.incrementAndGet();
        if (tls != null) {
            tls.secure(VertxInternals.channelContext(socket).channel());
        }
        VertxConnection connection = VertxConnection.attach(socket, protocol.name(), socketFile == null ? null : host);
        ProtocolSession session;
        try {
            session = protocol.open(connection);
        } catch (ConnectionRefused e) {
            // on purpose, and the peer was told: one line at debug, not a stack trace a storm repeats
            LOG.log(System.Logger.Level.DEBUG, () -> protocol.name() + " refused a connection from "
                    + connection.remoteAddress() + ": " + e.getMessage());
            open.decrementAndGet();
            socket.close();
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, protocol.name() + " refused a connection: " + e, e);
            open.decrementAndGet();
            socket.close();
            return;
        }
        connection.serve(session);
        socket.closeHandler(v -> {
            open.decrementAndGet();
            session.closed();
        });
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean tls() {
        return tls != null;
    }

    /** The certificate, key and CA files read again, for new connections; on failure the old ones stay. */
    @Override
    public void reloadTls() throws java.io.IOException {
        if (tls == null) {
            throw new java.io.IOException("the " + protocol.name() + " listener on " + host + ":" + port + " serves no TLS");
        }
        tls.reload();
    }

    @Override
    public long tlsHandshakeErrors() {
        return tls == null ? 0 : tls.handshakeErrors();
    }

    @Override
    public java.nio.file.Path path() {
        return socketFile == null ? null : socketFile.path();
    }

    @Override
    public String protocol() {
        return protocol.name();
    }

    @Override
    public int connections() {
        return open.get();
    }

    @Override
    public long accepted() {
        return accepted.sum();
    }

    /** One server per event loop ({@link VertxNetworkServer#listen}), each on a loop of its own. */
    @Override
    public int threads() {
        return servers.size();
    }

    @Override
    public int backlog() {
        return owner.backlog();
    }

    @Override
    public void close() {
        owner.closed(this);
        closeServers();
    }

    void closeServers() {
        String where = socketFile == null ? "port " + port : host;
        if (socketFile != null) {
            socketFile.closing();
        }
        for (NetServer s : servers) {
            VertxNetworkServer.awaitQuietly(s.close(), "close " + protocol.name() + " listener on " + where);
        }
        servers.clear();
        if (socketFile != null) {
            socketFile.remove();
        }
    }
}
