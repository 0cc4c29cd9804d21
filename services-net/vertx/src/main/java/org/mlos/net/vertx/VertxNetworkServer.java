package org.mlos.net.vertx;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mlos.core.api.Kernel;
import org.mlos.net.api.Listener;
import org.mlos.net.api.NetworkServer;
import org.mlos.net.api.Protocol;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * {@code vertx}: TCP servers on one Vert.x instance, one event loop per core by default. Each
 * connection lives on one event loop, so its protocol session runs to completion there, without
 * locks: the EbbRT style on Netty.
 */
@Component(service = NetworkServer.class, property = Kernel.IMPL + "=vertx", configurationPid = "org.mlos.net.vertx")
@Designate(ocd = VertxNetworkServer.Config.class)
public final class VertxNetworkServer implements NetworkServer {

    @ObjectClassDefinition(name = "MultiLibOS network server on Vert.x")
    @interface Config {
        @AttributeDefinition(name = "event.loops", description = "Event loop threads; 0 takes one per processor.")
        int event_loops() default 0;
    }

    private final List<VertxListener> listeners = new CopyOnWriteArrayList<>();
    private Vertx vertx;

    /** For DS. */
    public VertxNetworkServer() {
    }

    /** For plain Java and tests. */
    public VertxNetworkServer(int eventLoops) {
        start(eventLoops);
    }

    @Activate
    void activate(Config config) {
        start(config.event_loops());
    }

    private void start(int eventLoops) {
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors())
                .setPreferNativeTransport(false);
        // Vert.x looks up optional providers through the context class loader: ours, not the caller's.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Vertx.class.getClassLoader());
        try {
            vertx = Vertx.vertx(options);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Deactivate
    public void stop() {
        for (VertxListener l : listeners) {
            l.close();
        }
        await(vertx.close(), "stop Vert.x");
    }

    @Override
    public Listener listen(String host, int port, Protocol protocol) throws IOException {
        VertxListener listener = new VertxListener(host, protocol, this);
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port)
                .setTcpNoDelay(true).setReuseAddress(true));
        server.connectHandler(listener::accept);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot listen on " + host + ":" + port + " for " + protocol.name() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("gave up listening on " + host + ":" + port + ": " + e, e);
        }
        listener.started(server);
        listeners.add(listener);
        return listener;
    }

    @Override
    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }

    void closed(VertxListener listener) {
        listeners.remove(listener);
    }

    static void await(Future<?> f, String what) {
        try {
            f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            System.getLogger(VertxNetworkServer.class.getName()).log(System.Logger.Level.WARNING,
                    "could not " + what + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
