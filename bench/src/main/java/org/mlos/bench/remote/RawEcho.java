package org.mlos.bench.remote;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The baseline: a bare Vert.x echo of a fixed-size message, driven the way the remote-call
 * transport drives its calls (a plain caller thread writes, the event loop completes a future the
 * caller waits on), so the difference to a remote call is what the stub, codecs, dispatcher and
 * framing cost. Each side writes a buffer of its own, as the transport does.
 *
 * <p>The NetClient is held for the echo's life: Vert.x 5 closes a NetClient, and its connections,
 * once it becomes unreachable (CleanableNetClient). This harness dropped its client after
 * connecting, and about half the runs lost the connection at the first collection after ~80,000
 * echoes (a message sent and never echoed, or echoed and never received: a 10 s timeout).
 */
final class RawEcho implements AutoCloseable {

    private final NetServer server;
    private final io.vertx.core.net.NetClient net;
    private final NetSocket client;
    private final Buffer message;
    private volatile CompletableFuture<Buffer> waiting;
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong hostIn = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong back = new java.util.concurrent.atomic.AtomicLong();

    RawEcho(Vertx host, Vertx caller, byte[] bytes) throws Exception {
        server = host.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .connectHandler(s -> s.handler(b -> {
                    hostIn.addAndGet(b.length());
                    s.write(b.copy());
                }));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        net = caller.createNetClient(new io.vertx.core.net.NetClientOptions().setTcpNoDelay(true));
        client = net.connect(server.actualPort(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        message = Buffer.buffer(bytes);
        RecordParser parser = RecordParser.newFixed(bytes.length, b -> waiting.complete(b));
        client.handler(b -> {
            back.addAndGet(b.length());
            parser.handle(b);
        });
    }

    /** One round trip, in nanoseconds. */
    long roundTrip() throws Exception {
        CompletableFuture<Buffer> f = new CompletableFuture<>();
        waiting = f;
        long t0 = System.nanoTime();
        sent.addAndGet(message.length());
        client.write(message.copy()); // a fresh buffer per message, as a remote call's frame is
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no echo within 10 s: sent " + sent + " bytes, the host received " + hostIn
                    + ", " + back + " came back", e);
        }
        return System.nanoTime() - t0;
    }

    @Override
    public void close() throws Exception {
        client.close();
        net.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
