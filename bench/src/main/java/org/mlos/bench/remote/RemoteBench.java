package org.mlos.bench.remote;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.mlos.bench.BenchLine;
import org.mlos.cluster.remote.transport.Handshake;
import org.mlos.cluster.remote.transport.HostDispatch;
import org.mlos.cluster.remote.transport.Hosting;
import org.mlos.cluster.remote.transport.Peer;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.cluster.remote.transport.RemoteServer;
import org.mlos.cluster.remote.transport.RemoteSettings;
import org.mlos.core.remote.RemoteDispatcher;
import org.mlos.core.remote.RemoteKinds;
import org.mlos.core.remote.WireOut;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Remote kinds on 127.0.0.1, host and caller each with a Vert.x of its own in this JVM: a store
 * {@code get} through the generated stub against a bare Vert.x echo of the same request bytes
 * (alternating rounds, same run), pipelined calls from many threads on the one connection, and a
 * live migration of a 100,000-entry store to the other "node" and back under load.
 */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = "Remote kind calls against a bare Vert.x echo of the same bytes (p50, p99, ratio), pipelined calls/s "
                + "on one connection, and a 100k-entry store moved to another node and back under load.")
public final class RemoteBench implements Callable<Integer> {

    @Option(names = "--calls", defaultValue = "20000", description = "round trips per round (default ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--rounds", defaultValue = "5", description = "alternating rounds of remote and raw (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--threads", defaultValue = "32", description = "callers for the pipelined figure (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--eventbus-jar", description = "vertx-hazelcast jar for the event-bus transport's figures"
            + " (default: the local Maven repository's 5.0.7; without it that row is left out)")
    java.nio.file.Path eventBusJar;

    @Option(names = "--entries", defaultValue = "100000", description = "entries moved by the migration (default ${DEFAULT-VALUE})")
    int entries;

    @Override
    public Integer call() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Vertx hostVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx callerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        RemoteSettings settings = RemoteSettings.DEFAULTS.withCallTimeoutMs(30_000);
        // Two hosts on the one host Vert.x, the same but for where they run calls: off the event
        // loop (the default) and on it (the first slice), measured side by side.
        RemoteServer threads = server(hostVertx, key, settings.withHostDispatch(HostDispatch.THREADS));
        RemoteServer loop = server(hostVertx, key, settings.withHostDispatch(HostDispatch.LOOP));
        Peer threadsPeer = new Peer("bench-host", "127.0.0.1", threads.start("127.0.0.1", 0));
        Peer loopPeer = new Peer("bench-host-loop", "127.0.0.1", loop.start("127.0.0.1", 0));
        try (RemoteClient client = new RemoteClient(callerVertx, new Handshake(key), settings, "bench-caller")) {
            // the default dispatch (loop) gives the headline figures; threads is measured beside it
            KeyValueStore remote = client.bind(KeyValueStore.class, "heap", loopPeer);
            KeyValueStore onThreads = client.bind(KeyValueStore.class, "heap", threadsPeer);
            roundTrips(remote, onThreads, hostVertx, callerVertx);
            pipelined(remote);
            new RemoteMigration(client, loopPeer, entries, "loop").run();
            new RemoteMigration(client, threadsPeer, entries, "threads").run();
            transports(remote);
        } finally {
            threads.close();
            loop.close();
            callerVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            hostVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    private static RemoteServer server(Vertx hostVertx, byte[] key, RemoteSettings settings) {
        return new RemoteServer(hostVertx, new Handshake(key), new Hosting() {
            @Override
            public RemoteDispatcher open(String kind, String impl, long fingerprint, String caller) {
                return RemoteKinds.dispatcher(KeyValueStore.class, new HeapStore(1L << 30));
            }

            @Override
            public void close(RemoteDispatcher instance) {
            }
        }, settings);
    }

    private void roundTrips(KeyValueStore remote, KeyValueStore onThreads, Vertx hostVertx, Vertx callerVertx) throws Exception {
        remote.set("k", new byte[32], 0, KeyValueStore.NEVER);
        onThreads.set("k", new byte[32], 0, KeyValueStore.NEVER);
        // The request frame a get("k") sends: length, type, call id, instance, method, the key.
        WireOut request = new WireOut().writeInt(0).writeByte(1).writeLong(1).writeInt(1).writeInt(0).writeString("k");
        long[] rpc = new long[calls * rounds];
        long[] threadsRpc = new long[calls * rounds];
        long[] raw = new long[calls * rounds];
        try (RawEcho echo = new RawEcho(hostVertx, callerVertx, request.toByteArray())) {
            for (int i = 0; i < calls; i++) { // warm-up of all three
                remote.get("k");
                onThreads.get("k");
                echo.roundTrip();
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    remote.get("k");
                    rpc[r * calls + i] = System.nanoTime() - t0;
                }
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    onThreads.get("k");
                    threadsRpc[r * calls + i] = System.nanoTime() - t0;
                }
                for (int i = 0; i < calls; i++) {
                    raw[r * calls + i] = echo.roundTrip();
                }
            }
        }
        Arrays.sort(rpc);
        Arrays.sort(threadsRpc);
        Arrays.sort(raw);
        double p50 = rpc[rpc.length / 2] / 1000.0;
        double p99 = rpc[(int) (rpc.length * 0.99)] / 1000.0;
        double rawP50 = raw[raw.length / 2] / 1000.0;
        this.p50 = p50;
        this.p99 = p99;
        this.rawP50 = rawP50;
        this.rawP99 = raw[(int) (raw.length * 0.99)] / 1000.0;
        double threadsP50 = threadsRpc[threadsRpc.length / 2] / 1000.0;
        BenchLine.of("remote dispatch").with("loop_rtt_p50_us", p50).with("loop_rtt_p99_us", p99)
                .with("threads_rtt_p50_us", threadsP50).with("threads_rtt_p99_us", threadsRpc[(int) (threadsRpc.length * 0.99)] / 1000.0)
                .with("threads_ratio_vs_raw", threadsP50 / rawP50).with("threads_vs_loop", threadsP50 / p50).print();
    }

    private double p50;
    private double p99;
    private double rawP50;
    private double rawP99;

    /**
     * The two transports the issue names, side by side, the same generated stub over each: Vert.x
     * TCP (ours) and the Vert.x clustered event bus over the Hazelcast cluster manager.
     */
    private void transports(KeyValueStore tcp) throws Exception {
        java.nio.file.Path jar = eventBusJar != null ? eventBusJar : EventBusTransport.DEFAULT_JAR;
        if (!EventBusTransport.available(jar)) {
            System.err.println("remote: no vertx-hazelcast jar at " + jar + " (--eventbus-jar): the event-bus row is left out");
            return;
        }
        try (EventBusTransport bus = new EventBusTransport(jar)) {
            KeyValueStore eb = bus.stub();
            bus.awaitConsumer(eb);
            eb.set("k", new byte[32], 0, KeyValueStore.NEVER);
            long[] viaTcp = new long[calls * rounds];
            long[] viaBus = new long[calls * rounds];
            for (int i = 0; i < calls; i++) { // warm-up of both
                tcp.get("k");
                eb.get("k");
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    tcp.get("k");
                    viaTcp[r * calls + i] = System.nanoTime() - t0;
                }
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    eb.get("k");
                    viaBus[r * calls + i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(viaTcp);
            Arrays.sort(viaBus);
            double tcpP50 = viaTcp[viaTcp.length / 2] / 1000.0;
            double busP50 = viaBus[viaBus.length / 2] / 1000.0;
            long tcpRate = rate(tcp);
            long busRate = rate(eb);
            BenchLine.of("remote").with("transport", "tcp").with("rtt_p50_us", tcpP50)
                    .with("rtt_p99_us", viaTcp[(int) (viaTcp.length * 0.99)] / 1000.0).with("calls_s", tcpRate).print();
            BenchLine.of("remote").with("transport", "eventbus").with("rtt_p50_us", busP50)
                    .with("rtt_p99_us", viaBus[(int) (viaBus.length * 0.99)] / 1000.0).with("calls_s", busRate)
                    .with("p50_vs_tcp", busP50 / tcpP50).with("calls_s_vs_tcp", (double) busRate / tcpRate).print();
        }
    }

    /** Calls per second of {@link #threads} callers, pipelined on one connection. */
    private long rate(KeyValueStore store) throws Exception {
        int perThread = Math.max(1, calls * 5 / threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    store.get("k");
                }
            });
            th.start();
            callers.add(th);
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread th : callers) {
            th.join();
        }
        return Math.round((double) perThread * threads / ((System.nanoTime() - t0) / 1e9));
    }

    private void pipelined(KeyValueStore remote) throws Exception {
        long callsPerSecond = rate(remote);
        BenchLine.of("remote").with("rtt_p50_us", p50).with("rtt_p99_us", p99)
                .with("calls_s", callsPerSecond)
                .with("raw_rtt_p50_us", rawP50).with("raw_rtt_p99_us", rawP99)
                .with("ratio_vs_raw", p50 / rawP50).with("threads", threads).print();
    }
}
