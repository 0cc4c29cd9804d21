package org.mlos.bench.remote;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.mlos.core.remote.RemoteDispatcher;
import org.mlos.core.remote.RemoteKinds;
import org.mlos.core.remote.WireIn;
import org.mlos.core.remote.WireOut;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * The other transport the issue names: the Vert.x clustered event bus over the Hazelcast cluster
 * manager, carrying the same generated-codec bytes a remote {@code get} carries, to a consumer
 * that runs the kind's generated dispatcher on a host store. Two clustered Vert.x instances in
 * this JVM, each with a Hazelcast member of its own (TCP-IP on 127.0.0.1), so a request crosses
 * a real TCP connection between two members, as between two nodes.
 *
 * <p>Only the bench uses it, and only when {@code vertx-hazelcast} is found (the product carries
 * no Vert.x cluster manager): the jar is loaded beside the bench's Vert.x and Hazelcast.
 */
final class EventBusTransport implements org.mlos.core.remote.RemoteInvoker, AutoCloseable {

    static final String ADDRESS = "mlos.remote.bench.KeyValueStore";
    static final Path DEFAULT_JAR = Path.of(System.getProperty("user.home"),
            ".m2/repository/io/vertx/vertx-hazelcast/5.0.7/vertx-hazelcast-5.0.7.jar");

    private final URLClassLoader loader;
    private final Vertx host;
    private final Vertx caller;
    private final RemoteDispatcher dispatcher = RemoteKinds.dispatcher(KeyValueStore.class, new HeapStore(64L << 20));

    EventBusTransport(Path jar) throws Exception {
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, EventBusTransport.class.getClassLoader());
        String cluster = "mlos-bench-eventbus-" + UUID.randomUUID();
        host = clustered(cluster, 15950);
        caller = clustered(cluster, 15950);
        host.eventBus().<Buffer>consumer(ADDRESS, m -> {
            WireIn in = new WireIn(m.body().getBytes());
            int method = in.readInt();
            WireOut out = new WireOut(64);
            try {
                dispatcher.dispatch(method, in, out);
                m.reply(Buffer.buffer(out.toByteArray()));
            } catch (Exception e) {
                m.fail(1, String.valueOf(e));
            }
        }).completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static boolean available(Path jar) {
        return Files.isReadable(jar);
    }

    private Vertx clustered(String cluster, int port) throws Exception {
        Config cfg = new Config();
        cfg.setClusterName(cluster);
        cfg.setClassLoader(loader);
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(true);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1"); // the ports from port on, as auto-increment gives them
        cfg.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setValueCollectionType(MultiMapConfig.ValueCollectionType.SET)
                .setBackupCount(1));
        cfg.addMapConfig(new MapConfig("__vertx.haInfo"));
        cfg.addMapConfig(new MapConfig("__vertx.nodeInfo"));
        ClusterManager manager = (ClusterManager) loader.loadClass("io.vertx.spi.cluster.hazelcast.HazelcastClusterManager")
                .getConstructor(Config.class).newInstance(cfg);
        VertxOptions options = new VertxOptions().setEventLoopPoolSize(1)
                .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1"));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** One call: method number and encoded arguments out, the encoded result back, waited for by the calling thread. */
    WireIn call(int method, WireOut args) throws Exception {
        Buffer request = Buffer.buffer(args.size() + 4).appendInt(method).appendBytes(args.array(), 0, args.size());
        Buffer reply = caller.eventBus().<Buffer>request(ADDRESS, request).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).body();
        return new WireIn(reply.getBytes());
    }

    /** The generated stub's calls, over the event bus: the same bytes the TCP transport carries. */
    @Override
    public WireIn invoke(org.mlos.core.remote.RemoteMethod method, WireOut args) {
        try {
            return call(method.id(), args);
        } catch (Exception e) {
            throw new org.mlos.core.remote.RemoteCallException(org.mlos.core.remote.RemoteCallException.Failure.NODE_LOST,
                    method, node(), String.valueOf(e), e);
        }
    }

    @Override
    public String node() {
        return "eventbus";
    }

    /** A stub of the store that calls through the event bus. */
    KeyValueStore stub() {
        return RemoteKinds.stub(KeyValueStore.class, this);
    }

    /** Waits until the caller's side of the cluster knows the consumer (subscriptions spread asynchronously). */
    void awaitConsumer(KeyValueStore stub) throws Exception {
        for (int i = 0;; i++) {
            try {
                stub.size();
                return;
            } catch (RuntimeException notYet) {
                if (i >= 100) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        caller.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        host.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        loader.close();
    }
}
