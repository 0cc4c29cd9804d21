package org.mlos.cluster.remote.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.mlos.core.remote.RemoteDispatcher;
import org.mlos.core.remote.RemoteKinds;
import org.mlos.mem.api.KeyValueStore;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** A host and a caller in one JVM, each with a Vert.x of its own, talking over 127.0.0.1. */
public class TransportFixture implements AutoCloseable {

    public static final byte[] KEY = new byte[32];
    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
    }

    public final Vertx hostVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    public final Vertx callerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    public final List<KeyValueStore> stores = new ArrayList<>();
    public final RemoteServer server;
    public final Peer peer;
    public RemoteClient client;

    public TransportFixture(Supplier<KeyValueStore> impl, RemoteSettings settings) throws Exception {
        server = new RemoteServer(hostVertx, new Handshake(KEY), new Hosting() {
            @Override
            public RemoteDispatcher open(String kind, String name, long fingerprint, String caller) {
                if (!kind.equals(KeyValueStore.class.getName()) || !name.equals("heap")) {
                    throw new IllegalArgumentException("this node has no implementation " + name + " of " + kind);
                }
                opened.incrementAndGet();
                KeyValueStore s = impl.get();
                synchronized (stores) {
                    stores.add(s);
                }
                return RemoteKinds.dispatcher(KeyValueStore.class, s);
            }

            @Override
            public void close(RemoteDispatcher instance) {
                closed.incrementAndGet();
            }
        }, settings);
        peer = new Peer("host-1", "127.0.0.1", server.start("127.0.0.1", 0));
        client = new RemoteClient(callerVertx, new Handshake(KEY), settings, "caller-1");
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
        callerVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hostVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
